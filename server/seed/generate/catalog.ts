import type { InferInsertModel } from "drizzle-orm";
import type { dispatchTags, items } from "../../db/schema";

type Item = InferInsertModel<typeof items> & { id: number };
type Kind = Item["kind"];
type Billing = Item["billing"];

function item(
  id: number,
  sku: string,
  nameFr: string,
  nameEn: string,
  kind: Kind,
  billing: Billing,
  priceCents: number,
  extra: Partial<Pick<Item, "downloadMbps" | "uploadMbps" | "oltProfile" | "active">> = {},
): Item {
  return {
    id,
    sku,
    nameFr,
    nameEn,
    kind,
    billing,
    priceCents,
    downloadMbps: null,
    uploadMbps: null,
    oltProfile: null,
    active: true,
    ...extra,
  };
}

function plan(
  id: number,
  sku: string,
  label: string,
  down: number,
  up: number,
  price: number,
  profile: string,
  active = true,
): Item {
  const business = sku.startsWith("INT-AFF");
  return item(
    id,
    sku,
    `${business ? "Internet Affaires" : "Internet Fibre"} ${label}`,
    `${business ? "Business Internet" : "Fibre Internet"} ${label}`,
    "internet",
    "recurring",
    price,
    { downloadMbps: down, uploadMbps: up, oltProfile: profile, active },
  );
}

/** The catalogue, ids fixed so that every other table can refer to an item by SKU. */
export const ITEMS: readonly Item[] = [
  plan(1, "INT-FIB-100", "100", 100, 100, 5995, "GPON-100M"),
  plan(2, "INT-FIB-300", "300", 300, 300, 7495, "GPON-300M"),
  plan(3, "INT-FIB-500", "500", 500, 500, 8495, "GPON-500M"),
  plan(4, "INT-FIB-1000", "1 Gbit/s", 1000, 1000, 9995, "XGS-1G"),
  plan(5, "INT-FIB-3000", "3 Gbit/s", 3000, 3000, 13995, "XGS-3G"),
  plan(6, "INT-LEG-25", "25 (ancien)", 25, 10, 3995, "GPON-25M", false),
  plan(7, "INT-LEG-60", "60 (ancien)", 60, 20, 4995, "GPON-60M", false),
  plan(8, "INT-AFF-300", "300", 300, 300, 10995, "GPON-300M-BIZ"),
  plan(9, "INT-AFF-1000", "1 Gbit/s", 1000, 1000, 15995, "XGS-1G-BIZ"),
  item(10, "TV-BASE", "Télé de base", "Basic TV", "tv", "recurring", 2995),
  item(11, "TV-PLUS", "Télé Plus", "TV Plus", "tv", "recurring", 4995),
  item(12, "TV-SPORTS", "Forfait sports", "Sports pack", "tv", "recurring", 1495),
  item(13, "TV-CINEMA", "Forfait cinéma", "Movie pack", "tv", "recurring", 1295),
  item(14, "TEL-RES", "Téléphonie résidentielle", "Home phone", "phone", "recurring", 2495),
  item(15, "TEL-AFF", "Ligne d'affaires", "Business line", "phone", "recurring", 3995),
  item(
    16,
    "TEL-LD",
    "Interurbains illimités Canada/É.-U.",
    "Unlimited long distance Canada/US",
    "phone",
    "recurring",
    995,
  ),
  item(17, "EQ-ROUTER-RENT", "Location routeur Wi-Fi 6", "Wi-Fi 6 router rental", "equipment", "recurring", 500),
  item(18, "EQ-MESH-RENT", "Location borne Wi-Fi maillée", "Mesh Wi-Fi point rental", "equipment", "recurring", 500),
  item(19, "EQ-TVBOX-RENT", "Location terminal télé", "TV box rental", "equipment", "recurring", 700),
  item(20, "MAT-DROP-30", "Câble de branchement fibre 30 m", "Fibre drop cable 30 m", "equipment", "one_time", 3500),
  item(21, "MAT-CONN-SC", "Connecteur SC/APC", "SC/APC connector", "equipment", "one_time", 500),
  item(22, "MAT-ROUTER", "Routeur Wi-Fi 6 (vente)", "Wi-Fi 6 router (sale)", "equipment", "one_time", 14995),
  item(23, "SVC-STATIC-IP", "Adresse IP fixe", "Static IP address", "service", "recurring", 1000),
  item(24, "SVC-PRIORITY", "Soutien prioritaire affaires", "Business priority support", "service", "recurring", 2500),
  item(25, "FEE-INSTALL", "Frais d'installation", "Installation fee", "fee", "one_time", 9995),
  item(26, "FEE-ACTIVATION", "Frais d'activation", "Activation fee", "fee", "one_time", 2500),
  item(27, "FEE-LATE", "Frais de retard", "Late payment fee", "fee", "one_time", 1500),
  item(28, "FEE-SERVICE-CALL", "Frais de déplacement", "Service call fee", "fee", "one_time", 8500),
  item(29, "FEE-MOVE", "Frais de déménagement", "Moving fee", "fee", "one_time", 4995),
  item(30, "FEE-NSF", "Frais de paiement refusé", "Returned payment fee", "fee", "one_time", 2500),
];

const bySku = new Map(ITEMS.map((i) => [i.sku, i]));

export function itemBySku(sku: string): Item {
  const found = bySku.get(sku);
  if (!found) throw new Error(`No seed item ${sku}`);
  return found;
}

export function itemById(id: number): Item {
  const found = ITEMS[id - 1];
  if (!found || found.id !== id) throw new Error(`No seed item #${id}`);
  return found;
}

export const RESIDENTIAL_PLANS = ["INT-FIB-100", "INT-FIB-300", "INT-FIB-500", "INT-FIB-1000", "INT-FIB-3000"] as const;
export const LEGACY_PLANS = ["INT-LEG-25", "INT-LEG-60"] as const;
export const BUSINESS_PLANS = ["INT-AFF-300", "INT-AFF-1000"] as const;

type Tag = InferInsertModel<typeof dispatchTags> & { id: number };

export const DISPATCH_TAGS: readonly Tag[] = [
  { id: 1, code: "fiber_splicing", kind: "skill", labelFr: "Épissure de fibre", labelEn: "Fibre splicing", level: 2 },
  { id: 2, code: "ont_install", kind: "skill", labelFr: "Installation ONT", labelEn: "ONT installation", level: 1 },
  {
    id: 3,
    code: "aerial",
    kind: "skill",
    labelFr: "Travail aérien (nacelle)",
    labelEn: "Aerial work (bucket truck)",
    level: 2,
  },
  { id: 4, code: "underground", kind: "skill", labelFr: "Réseau souterrain", labelEn: "Underground plant", level: 2 },
  {
    id: 5,
    code: "wifi",
    kind: "skill",
    labelFr: "Wi-Fi et réseau domestique",
    labelEn: "Wi-Fi and home network",
    level: 1,
  },
  {
    id: 6,
    code: "business_network",
    kind: "skill",
    labelFr: "Réseau d'affaires",
    labelEn: "Business networking",
    level: 3,
  },
  { id: 7, code: "otdr", kind: "skill", labelFr: "Mesure OTDR", labelEn: "OTDR testing", level: 3 },
  { id: 8, code: "internet", kind: "service", labelFr: "Internet", labelEn: "Internet", level: 1 },
  { id: 9, code: "tv", kind: "service", labelFr: "Télévision", labelEn: "Television", level: 1 },
  { id: 10, code: "phone", kind: "service", labelFr: "Téléphonie", labelEn: "Phone", level: 1 },
  { id: 11, code: "monteregie", kind: "region", labelFr: "Montérégie", labelEn: "Montérégie", level: 1 },
  { id: 12, code: "estrie", kind: "region", labelFr: "Estrie", labelEn: "Eastern Townships", level: 1 },
];

export function tagByCode(code: string): Tag {
  const found = DISPATCH_TAGS.find((t) => t.code === code);
  if (!found) throw new Error(`No seed tag ${code}`);
  return found;
}
