/**
 * Main roads of Montérégie and Estrie, hand-authored for the offline base map.
 *
 * SIMPLIFIED AND APPROXIMATE. There is no road data we may download here, so each road is a
 * handful of points drawn from memory of the network: it passes through the towns it serves
 * (anchored on the seed's own town coordinates, so roads and pins agree) and through a few
 * interchanges and villages placed by hand to within a kilometre or two. Good enough to orient
 * a dispatcher ("the job is south of the 10, past Bromont"); never use it for routing or ETAs.
 * When a real road extract becomes available, replace this module, not the style.
 */
import { TOWNS } from "../../server/seed/names";
import type { Position } from "./geometry";

export type RoadClass = "motorway" | "primary";

export interface Road {
  /** Number as signed, without prefix: "10" is Autoroute 10, "112" is route 112. */
  ref: string;
  class: RoadClass;
  points: Position[];
}

/** A seed town's centre: roads through a town go through the same point as its pins. */
function town(name: string): Position {
  const t = TOWNS.find((candidate) => candidate.name === name);
  if (!t) throw new Error(`roads.ts: unknown town ${name}`);
  return [t.lng, t.lat];
}

/** Places outside the seed's towns, [lng, lat], rounded to about 0.01° (≈ 1 km). */
const P = {
  champlainBridge: [-73.505, 45.465],
  dix30: [-73.43, 45.443],
  longueuil: [-73.5, 45.535],
  laTunnelSouth: [-73.49, 45.585],
  boucherville: [-73.445, 45.6],
  a20a30: [-73.375, 45.58],
  sainteJulie: [-73.33, 45.585],
  chateauguay: [-73.75, 45.36],
  candiac: [-73.52, 45.39],
  saintBruno: [-73.35, 45.53],
  varennes: [-73.41, 45.67],
  contrecoeur: [-73.24, 45.85],
  carignanA35: [-73.32, 45.43],
  richelieu: [-73.25, 45.445],
  iberville: [-73.235, 45.31],
  saintSebastien: [-73.15, 45.15],
  // East of Missisquoi Bay's shore as the lake data draws it (a few hundred metres east of the real road).
  saintArmandBorder: [-73.07, 45.012],
  philipsburg: [-73.062, 45.035],
  henryville: [-73.18, 45.14],
  saintCharles: [-73.185, 45.685],
  saintDenis: [-73.155, 45.785],
  sainteMadeleine: [-73.1, 45.6],
  saintLiboire: [-72.8, 45.68],
  sainteHelene: [-72.68, 45.74],
  saintEugene: [-72.58, 45.8],
  drummondville: [-72.483, 45.883],
  a20a55: [-72.505, 45.868],
  saintCyrille: [-72.42, 45.91],
  wickham: [-72.5, 45.75],
  roxtonFalls: [-72.52, 45.56],
  roxtonPond: [-72.66, 45.48],
  a10Granby: [-72.75, 45.34],
  a10Bromont: [-72.65, 45.327],
  a10Waterloo: [-72.51, 45.322],
  a10Eastman: [-72.31, 45.303],
  a10Orford: [-72.215, 45.305],
  a10Magog: [-72.16, 45.292],
  a10a55: [-72.11, 45.287],
  a410West: [-71.965, 45.372],
  a610West: [-71.975, 45.43],
  // Both end on the route they feed: 143 towards Lennoxville, 112 towards Ascot Corner.
  a410East: [-71.866, 45.375],
  a610East: [-71.83, 45.428],
  lennoxville: [-71.863, 45.366],
  brigham: [-72.85, 45.25],
  westBrome: [-72.75, 45.265],
  abercornBorder: [-72.665, 45.009],
  stukelySud: [-72.42, 45.32],
  shefford: [-72.62, 45.37],
  rockForest: [-71.975, 45.37],
  ascotCorner: [-71.77, 45.45],
  weedon: [-71.46, 45.7],
  saintHubert: [-73.4, 45.5],
  durhamSud: [-72.33, 45.64],
  danville: [-72.018, 45.79],
  warwick: [-71.95, 45.95],
  ulverton: [-72.27, 45.71],
  bromptonville: [-71.95, 45.48],
  hatley: [-71.95, 45.2],
  beebe: [-72.05, 45.06],
  sainteCatherine: [-72.06, 45.25],
  cookshire: [-71.63, 45.415],
  barnston: [-71.93, 45.15],
  bonsecours: [-72.27, 45.405],
  racine: [-72.25, 45.49],
  dixville: [-71.77, 45.07],
  nortonBorder: [-71.795, 45.009],
  pottonBorder: [-72.395, 45.009],
  mansonville: [-72.39, 45.05],
  southBolton: [-72.42, 45.15],
  foster: [-72.515, 45.29],
  warden: [-72.5, 45.385],
  lawrenceville: [-72.33, 45.42],
  melbourne: [-72.17, 45.6],
  stansteadBorder: [-72.095, 45.006],
  a55Massawippi: [-72.075, 45.2],
  a55Windsor: [-72.03, 45.57],
  a55Richmond: [-72.165, 45.65],
  a55Kingsbury: [-72.27, 45.74],
} as const satisfies Record<string, Position>;

const at = (key: keyof typeof P): Position => [P[key][0], P[key][1]];

export const ROADS: readonly Road[] = [
  // Autoroute 10, des Cantons-de-l'Est: Montréal – Brossard – south of Granby – Bromont – Magog – Sherbrooke.
  {
    ref: "10",
    class: "motorway",
    points: [
      at("champlainBridge"),
      at("dix30"),
      at("carignanA35"),
      [-73.14, 45.4],
      [-72.93, 45.35],
      at("a10Granby"),
      at("a10Bromont"),
      at("a10Waterloo"),
      [-72.42, 45.31],
      [-72.345, 45.298],
      at("a10Eastman"),
      [-72.285, 45.311],
      [-72.25, 45.31],
      at("a10Orford"),
      at("a10Magog"),
      at("a10a55"),
      [-72.08, 45.315],
      [-72.05, 45.345],
      [-72.01, 45.358],
      at("a410West"),
      at("a610West"),
    ],
  },
  // Autoroute 20: Montréal – Beloeil – Saint-Hyacinthe – Drummondville.
  {
    ref: "20",
    class: "motorway",
    points: [
      at("laTunnelSouth"),
      at("boucherville"),
      at("a20a30"),
      at("sainteJulie"),
      [-73.22, 45.575],
      at("sainteMadeleine"),
      [-72.95, 45.655],
      at("saintLiboire"),
      at("sainteHelene"),
      at("saintEugene"),
      [-72.53, 45.85],
      at("a20a55"),
      [-72.465, 45.89],
      at("saintCyrille"),
      [-72.3, 45.96],
      [-72.2, 46.02],
    ],
  },
  // Autoroute 30: Châteauguay – Brossard – Sainte-Julie – Contrecœur.
  {
    ref: "30",
    class: "motorway",
    points: [
      at("chateauguay"),
      at("candiac"),
      at("dix30"),
      at("saintHubert"),
      [-73.37, 45.55],
      at("a20a30"),
      at("varennes"),
      [-73.35, 45.77],
      at("contrecoeur"),
      [-73.15, 45.98],
    ],
  },
  // Autoroute 35: A-10 – Saint-Jean-sur-Richelieu – the Vermont border at Saint-Armand (I-89).
  {
    ref: "35",
    class: "motorway",
    points: [
      at("carignanA35"),
      [-73.3, 45.37],
      [-73.275, 45.325],
      at("iberville"),
      [-73.2, 45.24],
      at("saintSebastien"),
      [-73.078, 45.1],
      [-73.063, 45.06],
      at("saintArmandBorder"),
    ],
  },
  // Autoroute 55: Stanstead border (I-91) – Magog – Sherbrooke – Windsor – Drummondville.
  {
    ref: "55",
    class: "motorway",
    points: [at("stansteadBorder"), [-72.085, 45.08], [-72.07, 45.15], at("a55Massawippi"), at("a10a55")],
  },
  {
    ref: "55",
    class: "motorway",
    points: [
      at("a610West"),
      [-71.99, 45.5],
      at("a55Windsor"),
      [-72.1, 45.62],
      at("a55Richmond"),
      at("a55Kingsbury"),
      [-72.38, 45.83],
      [-72.44, 45.848],
      [-72.49, 45.862],
      at("a20a55"),
      [-72.525, 45.92],
      [-72.525, 46.02],
    ],
  },
  // Sherbrooke's links: A-410 to Lennoxville, A-610 to Fleurimont.
  { ref: "410", class: "motorway", points: [at("a410West"), [-71.93, 45.377], [-71.895, 45.376], at("a410East")] },
  { ref: "610", class: "motorway", points: [at("a610West"), [-71.93, 45.44], [-71.87, 45.44], at("a610East")] },

  // Route 104: Saint-Jean – Farnham – Cowansville – Knowlton (Lac-Brome).
  {
    ref: "104",
    class: "primary",
    points: [
      town("Saint-Jean-sur-Richelieu"),
      at("iberville"),
      [-73.12, 45.3],
      town("Farnham"),
      at("brigham"),
      town("Cowansville"),
      [-72.62, 45.215],
      town("Lac-Brome"),
    ],
  },
  // Route 112: Longueuil – Chambly – Marieville – Granby – Waterloo – Magog – Sherbrooke – East Angus.
  {
    ref: "112",
    class: "primary",
    points: [
      at("longueuil"),
      at("saintHubert"),
      town("Chambly"),
      at("richelieu"),
      town("Marieville"),
      town("Rougemont"),
      town("Saint-Césaire"),
      [-72.86, 45.4],
      town("Granby"),
      at("shefford"),
      town("Waterloo"),
      at("stukelySud"),
      [-72.31, 45.293],
      [-72.285, 45.281],
      [-72.22, 45.28],
      town("Magog"),
      [-72.09, 45.29],
      [-72.055, 45.318],
      [-72.025, 45.347],
      at("rockForest"),
      town("Sherbrooke"),
      at("ascotCorner"),
      town("East Angus"),
      [-71.56, 45.58],
      at("weedon"),
      [-71.47, 45.76],
      [-71.43, 45.8],
      [-71.41, 45.86],
    ],
  },
  // Route 116: Longueuil – Mont-Saint-Hilaire – Saint-Hyacinthe – Acton Vale – Richmond – Danville.
  {
    ref: "116",
    class: "primary",
    points: [
      at("longueuil"),
      at("saintBruno"),
      [-73.26, 45.55],
      town("Mont-Saint-Hilaire"),
      [-73.08, 45.59],
      town("Saint-Hyacinthe"),
      [-72.8, 45.645],
      town("Acton Vale"),
      at("durhamSud"),
      town("Richmond"),
      at("danville"),
      at("warwick"),
      [-71.93, 46.02],
    ],
  },
  // Route 133, chemin des Patriotes: east bank of the Richelieu down to Philipsburg.
  {
    ref: "133",
    class: "primary",
    points: [
      at("saintDenis"),
      at("saintCharles"),
      [-73.2, 45.61],
      town("Mont-Saint-Hilaire"),
      [-73.26, 45.5],
      at("richelieu"),
      [-73.245, 45.38],
      at("iberville"),
      [-73.243, 45.24],
      [-73.215, 45.18],
      at("henryville"),
      [-73.072, 45.092],
      at("philipsburg"),
      at("saintArmandBorder"),
    ],
  },
  // Route 139: Drummondville – Roxton Falls – Granby – Cowansville – Sutton – Abercorn.
  {
    ref: "139",
    class: "primary",
    points: [
      at("drummondville"),
      at("wickham"),
      [-72.5, 45.65],
      at("roxtonFalls"),
      at("roxtonPond"),
      town("Granby"),
      at("a10Granby"),
      at("westBrome"),
      town("Cowansville"),
      [-72.67, 45.15],
      town("Sutton"),
      [-72.65, 45.05],
      at("abercornBorder"),
    ],
  },
  // Route 143: Drummondville – Richmond – Windsor – Sherbrooke – Lennoxville – Waterville – Stanstead.
  {
    ref: "143",
    class: "primary",
    points: [
      at("drummondville"),
      [-72.38, 45.8],
      at("ulverton"),
      town("Richmond"),
      [-72.07, 45.63],
      [-72.045, 45.615],
      town("Windsor"),
      at("bromptonville"),
      town("Sherbrooke"),
      at("lennoxville"),
      town("Waterville"),
      at("hatley"),
      [-72.0, 45.12],
      at("beebe"),
      town("Stanstead"),
    ],
  },
  // Route 108: Magog – North Hatley – Lennoxville – Cookshire.
  {
    ref: "108",
    class: "primary",
    points: [
      town("Magog"),
      at("sainteCatherine"),
      [-71.985, 45.258],
      [-71.97, 45.266],
      town("North Hatley"),
      [-71.92, 45.32],
      at("lennoxville"),
      [-71.856, 45.36],
      [-71.835, 45.362],
      [-71.75, 45.4],
      at("cookshire"),
      [-71.45, 45.44],
    ],
  },
  // Route 141: Coaticook – Ayer's Cliff – Magog – Orford – Bonsecours.
  {
    ref: "141",
    class: "primary",
    points: [
      town("Coaticook"),
      at("barnston"),
      [-72.0, 45.145],
      [-72.045, 45.152],
      [-72.052, 45.16],
      town("Ayer's Cliff"),
      [-72.1, 45.225],
      town("Magog"),
      town("Orford"),
      [-72.222, 45.375],
      [-72.24, 45.39],
      at("bonsecours"),
      at("racine"),
    ],
  },
  // Route 147: Lennoxville – Compton – Coaticook – Norton (Vermont).
  {
    ref: "147",
    class: "primary",
    points: [at("lennoxville"), [-71.84, 45.3], town("Compton"), town("Coaticook"), at("dixville"), at("nortonBorder")],
  },
  // Route 243: Potton border – Mansonville – Knowlton – Waterloo – Lawrenceville – Melbourne.
  {
    ref: "243",
    class: "primary",
    points: [
      at("pottonBorder"),
      at("mansonville"),
      at("southBolton"),
      town("Lac-Brome"),
      [-72.485, 45.24],
      [-72.488, 45.275],
      at("foster"),
      [-72.5, 45.33],
      town("Waterloo"),
      at("warden"),
      at("lawrenceville"),
      at("racine"),
      at("melbourne"),
      town("Richmond"),
    ],
  },
];

/** Places worth a label that are not seed towns: they orient the eye at the map's edges. */
export const CONTEXT_PLACES: readonly { name: string; nameEn?: string; lng: number; lat: number }[] = [
  { name: "Montréal", nameEn: "Montreal", lng: -73.5673, lat: 45.5017 },
  { name: "Longueuil", lng: -73.5185, lat: 45.5312 },
  { name: "Drummondville", lng: P.drummondville[0], lat: P.drummondville[1] },
  { name: "Newport", lng: -72.2051, lat: 44.9364 },
];

/** Region names: the country and state on either side of the border, and the big lakes. */
export const AREA_LABELS: readonly {
  kind: "region" | "lake";
  nameFr: string;
  nameEn: string;
  lng: number;
  lat: number;
}[] = [
  { kind: "region", nameFr: "Québec", nameEn: "Quebec", lng: -73.42, lat: 45.1 },
  { kind: "region", nameFr: "Vermont", nameEn: "Vermont", lng: -72.55, lat: 44.86 },
  { kind: "region", nameFr: "New York", nameEn: "New York", lng: -73.75, lat: 44.86 },
  { kind: "region", nameFr: "New Hampshire", nameEn: "New Hampshire", lng: -71.45, lat: 44.86 },
  { kind: "lake", nameFr: "Lac Memphrémagog", nameEn: "Lake Memphremagog", lng: -72.235, lat: 45.06 },
  { kind: "lake", nameFr: "Lac Brome", nameEn: "Brome Lake", lng: -72.52, lat: 45.25 },
  { kind: "lake", nameFr: "Lac Massawippi", nameEn: "Lake Massawippi", lng: -72.02, lat: 45.185 },
  { kind: "lake", nameFr: "Baie Missisquoi", nameEn: "Missisquoi Bay", lng: -73.14, lat: 45.03 },
  { kind: "lake", nameFr: "Lac Champlain", nameEn: "Lake Champlain", lng: -73.33, lat: 44.75 },
];
