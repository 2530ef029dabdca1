/** Name and place data for plausible Quebec seed records (Montérégie and Estrie). */

export const FRENCH_FIRST_NAMES = [
  "Marie", "Julie", "Isabelle", "Nathalie", "Sophie", "Catherine", "Geneviève", "Mélanie", "Valérie", "Chantal",
  "Sylvie", "Josée", "Caroline", "Émilie", "Annie", "Karine", "Stéphanie", "Audrey", "Camille", "Léa",
  "Chloé", "Gabrielle", "Maude", "Marianne", "Lucie", "Diane", "Francine", "Louise", "Manon", "Hélène",
  "Jean", "Pierre", "Michel", "André", "Luc", "Marc", "Daniel", "Alain", "François", "Stéphane",
  "Martin", "Éric", "Patrick", "Sébastien", "Mathieu", "Philippe", "Nicolas", "Simon", "Alexandre", "Guillaume",
  "Maxime", "Olivier", "Félix", "Samuel", "William", "Louis", "Gabriel", "Étienne", "Jean-François", "Marc-André",
  "Pier-Luc", "Yves", "Denis", "Réjean", "Gilles", "Normand", "Claude", "Serge", "Benoît", "Dominique",
];

export const FRENCH_LAST_NAMES = [
  "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné",
  "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard", "Simard", "Boucher",
  "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Fournier", "Lapointe", "Leclerc", "Lefebvre", "Poulin",
  "Thibault", "St-Pierre", "Nadeau", "Martin", "Landry", "Martel", "Bédard", "Grenier", "Lessard", "Bernier",
  "Richard", "Michaud", "Hébert", "Desjardins", "Couture", "Turcotte", "Lachance", "Parent", "Blais", "Gosselin",
  "Savard", "Proulx", "Beaudoin", "Demers", "Perreault", "Boudreau", "Lemieux", "Cyr", "Perron", "Dufour",
  "Dion", "Mercier", "Bolduc", "Bérubé", "Boisvert", "Langlois", "Ménard", "Gingras", "Dumont", "Vachon",
  "Plante", "Lacroix", "Allard", "Champagne", "Carrier", "Brunet", "Marcoux", "Fontaine", "Charbonneau", "Rousseau",
  "Guay", "Tessier", "Lalonde", "Chabot", "Desrosiers", "Labbé", "Racine", "Daigle", "Benoit", "Rioux",
];

export const ENGLISH_FIRST_NAMES = [
  "John", "Michael", "David", "James", "Robert", "William", "Richard", "Thomas", "Christopher", "Daniel",
  "Matthew", "Andrew", "Ryan", "Kevin", "Brian", "Scott", "Jason", "Mark", "Steven", "Paul",
  "Mary", "Jennifer", "Linda", "Elizabeth", "Susan", "Jessica", "Sarah", "Karen", "Emily", "Emma",
  "Olivia", "Hannah", "Rachel", "Laura", "Heather", "Megan", "Amanda", "Nicole", "Rebecca", "Margaret",
];

export const ENGLISH_LAST_NAMES = [
  "Smith", "Johnson", "Brown", "Wilson", "MacDonald", "Campbell", "Stewart", "Anderson", "Taylor", "Thompson",
  "Young", "Murray", "Robertson", "Scott", "Fraser", "Reid", "Ross", "Mitchell", "Graham", "Clark",
  "Walker", "Hall", "Wright", "Baker", "Kelly", "Murphy", "O'Brien", "Ryan", "Moore", "Miller",
  "Davidson", "Hamilton", "Jackson", "Bennett", "Cameron", "McLean", "Sullivan", "Cooper", "Morrison", "Gordon",
];

/** Streets as they are written in Quebec addresses: generic, then specific. */
export const STREET_NAMES = [
  "rue Principale", "rue Saint-Jacques", "rue Notre-Dame", "rue Saint-Joseph", "rue Sainte-Anne", "rue de l'Église",
  "rue du Moulin", "rue des Érables", "rue des Pins", "rue des Bouleaux", "rue Champlain", "rue Laurier",
  "rue Frontenac", "rue Wellington", "rue King", "rue Queen", "rue Dufferin", "rue Victoria",
  "rue du Parc", "rue de la Gare", "rue Sainte-Marie", "rue Saint-Denis", "rue Mountain", "rue Lakeside",
  "boulevard Saint-Joseph", "boulevard Industriel", "boulevard Laframboise", "boulevard Bourque", "boulevard Jacques-Cartier",
  "chemin de la Montagne", "chemin du Lac", "chemin des Cantons", "chemin Knowlton", "chemin de la Rivière",
  "chemin Gendreau", "chemin Bunker", "chemin Fuller", "rang Saint-Charles", "rang Double", "rang de la Carrière",
  "rang Sainte-Marie", "rang du Haut-de-la-Rivière", "montée Lapointe", "montée du Coteau", "avenue du Lac",
  "avenue des Pins", "avenue Bellevue", "rue Dépôt", "rue Foster", "rue Dunant", "rue Belvédère",
];

export type Region = "monteregie" | "estrie";

export interface Town {
  name: string;
  /** Short code used in OLT names, e.g. OLT-GRANBY-01. */
  code: string;
  region: Region;
  lat: number;
  lng: number;
  /** Canada Post forward sortation areas that serve the town. */
  postalPrefixes: readonly string[];
  /** Relative share of customers; bigger towns weigh more. */
  weight: number;
  /** Spread of addresses around the centre, in degrees: villages sprawl along rural roads. */
  spread: number;
  areaCodes: readonly string[];
}

const MTR = ["450", "579"] as const;
const EST = ["819", "873"] as const;

export const TOWNS: readonly Town[] = [
  { name: "Granby", code: "GRANBY", region: "monteregie", lat: 45.4001, lng: -72.7329, postalPrefixes: ["J2G", "J2H", "J2J"], weight: 14, spread: 0.04, areaCodes: MTR },
  { name: "Saint-Hyacinthe", code: "STHYACINTHE", region: "monteregie", lat: 45.6307, lng: -72.9567, postalPrefixes: ["J2S", "J2R", "J2T"], weight: 12, spread: 0.04, areaCodes: MTR },
  { name: "Saint-Jean-sur-Richelieu", code: "STJEAN", region: "monteregie", lat: 45.3071, lng: -73.2625, postalPrefixes: ["J3A", "J3B", "J2W", "J2X"], weight: 10, spread: 0.05, areaCodes: MTR },
  { name: "Cowansville", code: "COWANSVILLE", region: "monteregie", lat: 45.2002, lng: -72.7468, postalPrefixes: ["J2K"], weight: 5, spread: 0.03, areaCodes: MTR },
  { name: "Bromont", code: "BROMONT", region: "monteregie", lat: 45.3168, lng: -72.6497, postalPrefixes: ["J2L"], weight: 4, spread: 0.04, areaCodes: MTR },
  { name: "Farnham", code: "FARNHAM", region: "monteregie", lat: 45.2834, lng: -72.9833, postalPrefixes: ["J2N"], weight: 3, spread: 0.03, areaCodes: MTR },
  { name: "Waterloo", code: "WATERLOO", region: "monteregie", lat: 45.3501, lng: -72.5167, postalPrefixes: ["J0E"], weight: 2, spread: 0.03, areaCodes: MTR },
  { name: "Lac-Brome", code: "LACBROME", region: "monteregie", lat: 45.2166, lng: -72.5167, postalPrefixes: ["J0E"], weight: 3, spread: 0.06, areaCodes: MTR },
  { name: "Sutton", code: "SUTTON", region: "monteregie", lat: 45.1044, lng: -72.6150, postalPrefixes: ["J0E"], weight: 2, spread: 0.05, areaCodes: MTR },
  { name: "Dunham", code: "DUNHAM", region: "monteregie", lat: 45.1333, lng: -72.8000, postalPrefixes: ["J0E"], weight: 1, spread: 0.05, areaCodes: MTR },
  { name: "Bedford", code: "BEDFORD", region: "monteregie", lat: 45.1218, lng: -72.9877, postalPrefixes: ["J0J"], weight: 1, spread: 0.03, areaCodes: MTR },
  { name: "Saint-Césaire", code: "STCESAIRE", region: "monteregie", lat: 45.4139, lng: -72.9971, postalPrefixes: ["J0L"], weight: 2, spread: 0.04, areaCodes: MTR },
  { name: "Rougemont", code: "ROUGEMONT", region: "monteregie", lat: 45.4335, lng: -73.0510, postalPrefixes: ["J0L"], weight: 1, spread: 0.04, areaCodes: MTR },
  { name: "Marieville", code: "MARIEVILLE", region: "monteregie", lat: 45.4346, lng: -73.1638, postalPrefixes: ["J3M"], weight: 2, spread: 0.03, areaCodes: MTR },
  { name: "Chambly", code: "CHAMBLY", region: "monteregie", lat: 45.4501, lng: -73.2874, postalPrefixes: ["J3L"], weight: 4, spread: 0.03, areaCodes: MTR },
  { name: "Beloeil", code: "BELOEIL", region: "monteregie", lat: 45.5667, lng: -73.2052, postalPrefixes: ["J3G"], weight: 3, spread: 0.03, areaCodes: MTR },
  { name: "Mont-Saint-Hilaire", code: "MSH", region: "monteregie", lat: 45.5620, lng: -73.1911, postalPrefixes: ["J3H"], weight: 2, spread: 0.03, areaCodes: MTR },
  { name: "Acton Vale", code: "ACTONVALE", region: "monteregie", lat: 45.6501, lng: -72.5650, postalPrefixes: ["J0H"], weight: 2, spread: 0.04, areaCodes: MTR },
  { name: "Saint-Pie", code: "STPIE", region: "monteregie", lat: 45.5072, lng: -72.9089, postalPrefixes: ["J0H"], weight: 1, spread: 0.05, areaCodes: MTR },
  { name: "Ange-Gardien", code: "ANGEGARDIEN", region: "monteregie", lat: 45.3563, lng: -72.9343, postalPrefixes: ["J0E"], weight: 1, spread: 0.05, areaCodes: MTR },
  { name: "Sherbrooke", code: "SHERBROOKE", region: "estrie", lat: 45.4042, lng: -71.8929, postalPrefixes: ["J1E", "J1G", "J1H", "J1J", "J1K", "J1L", "J1N"], weight: 14, spread: 0.05, areaCodes: EST },
  { name: "Magog", code: "MAGOG", region: "estrie", lat: 45.2668, lng: -72.1483, postalPrefixes: ["J1X"], weight: 6, spread: 0.04, areaCodes: EST },
  { name: "Orford", code: "ORFORD", region: "estrie", lat: 45.3186, lng: -72.2181, postalPrefixes: ["J1X"], weight: 2, spread: 0.06, areaCodes: EST },
  { name: "North Hatley", code: "NORTHHATLEY", region: "estrie", lat: 45.2750, lng: -71.9730, postalPrefixes: ["J0B"], weight: 1, spread: 0.04, areaCodes: EST },
  { name: "Coaticook", code: "COATICOOK", region: "estrie", lat: 45.1336, lng: -71.8050, postalPrefixes: ["J1A"], weight: 3, spread: 0.04, areaCodes: EST },
  { name: "Compton", code: "COMPTON", region: "estrie", lat: 45.2333, lng: -71.8167, postalPrefixes: ["J0B"], weight: 1, spread: 0.05, areaCodes: EST },
  { name: "Stanstead", code: "STANSTEAD", region: "estrie", lat: 45.0167, lng: -72.1000, postalPrefixes: ["J0B"], weight: 1, spread: 0.04, areaCodes: EST },
  { name: "Ayer's Cliff", code: "AYERSCLIFF", region: "estrie", lat: 45.1668, lng: -72.0500, postalPrefixes: ["J0B"], weight: 1, spread: 0.04, areaCodes: EST },
  { name: "Waterville", code: "WATERVILLE", region: "estrie", lat: 45.2667, lng: -71.8999, postalPrefixes: ["J0B"], weight: 1, spread: 0.04, areaCodes: EST },
  { name: "Windsor", code: "WINDSOR", region: "estrie", lat: 45.5667, lng: -72.0000, postalPrefixes: ["J1S"], weight: 2, spread: 0.04, areaCodes: EST },
  { name: "Richmond", code: "RICHMOND", region: "estrie", lat: 45.6620, lng: -72.1456, postalPrefixes: ["J0B"], weight: 2, spread: 0.04, areaCodes: EST },
  { name: "Val-des-Sources", code: "VALDESSOURCES", region: "estrie", lat: 45.7667, lng: -71.9333, postalPrefixes: ["J1T"], weight: 2, spread: 0.04, areaCodes: EST },
  { name: "East Angus", code: "EASTANGUS", region: "estrie", lat: 45.4833, lng: -71.6667, postalPrefixes: ["J0B"], weight: 1, spread: 0.04, areaCodes: EST },
  { name: "Valcourt", code: "VALCOURT", region: "estrie", lat: 45.5000, lng: -72.3167, postalPrefixes: ["J0E"], weight: 1, spread: 0.04, areaCodes: EST },
];

/** Towns where people keep a cottage: the second residences of residential customers. */
export const COTTAGE_TOWNS = ["Orford", "Magog", "North Hatley", "Lac-Brome", "Sutton", "Ayer's Cliff", "Bromont"] as const;

/** Canada Post never uses D, F, I, O, Q or U in postal codes. */
export const POSTAL_LETTERS = "ABCEGHJKLMNPRSTVWXYZ";

export const BUSINESS_KINDS_FR = [
  "Boulangerie", "Garage", "Quincaillerie", "Clinique dentaire", "Pharmacie", "Ferme", "Érablière", "Fromagerie",
  "Restaurant", "Dépanneur", "Cabinet comptable", "Salon de coiffure", "Vignoble", "Auberge", "Pourvoirie", "Imprimerie",
];
export const BUSINESS_KINDS_EN = [
  "Bakery", "Garage", "Hardware", "Dental Clinic", "Pharmacy", "Farm", "Sugar Shack", "Cheese Dairy",
  "Restaurant", "Corner Store", "Accounting", "Hair Salon", "Vineyard", "Inn", "Outfitters", "Printing",
];
export const BUSINESS_SUFFIXES = ["inc.", "enr.", "ltée", "s.e.n.c.", ""] as const;

/** Fake addresses only: RFC 2606 domains can never reach a real mailbox. */
export const EMAIL_DOMAINS = ["example.com", "example.net", "example.org"] as const;

/** Strips accents and punctuation for e-mail addresses and RADIUS usernames. */
export function asciiSlug(text: string): string {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "");
}
