import type { serviceEquipment } from "../../db/schema";
import { Rng, scramble24 } from "../random";
import type { RowOf, SeedContext } from "./context";
import { customersOf } from "./customers";
import type { LocationPlan } from "./locations";
import { subscriptionsOf, type SubscriptionPlan } from "./services";
import { DAY, historicLocal, HOUR, iso, parseDay } from "./time";

type Kind = "ont" | "router" | "tv_box" | "phone_adapter";
type Status = "in_stock" | "installed" | "removed" | "defective" | "returned";

interface Device {
  kind: Kind;
  status: Status;
  loc: LocationPlan | null;
  sub: SubscriptionPlan | null;
  business: boolean;
  fast: boolean;
}

const KINDS: Record<Kind, { serial: string; oui: string; salt: number }> = {
  ont: { serial: "ALCLB", oui: "D0:5F:AF", salt: 11 },
  router: { serial: "RT", oui: "A8:42:A1", salt: 23 },
  tv_box: { serial: "AMN", oui: "00:02:02", salt: 37 },
  phone_adapter: { serial: "GS", oui: "00:0B:82", salt: 53 },
};

function model(rng: Rng, d: Device): { model: string; firmware: string } {
  switch (d.kind) {
    case "ont":
      return d.fast
        ? { model: "Nokia XS-010X-Q", firmware: "XS010XQ-3.6.02" }
        : { model: "Nokia G-010G-Q", firmware: "G010GQ-3.4.11" };
    case "router":
      if (d.business) return { model: "Ubiquiti UniFi Dream Machine Pro", firmware: "4.1.13" };
      return rng.chance(0.6)
        ? { model: "TP-Link Deco X55", firmware: "1.4.1 Build 20240925" }
        : { model: "eero 6+", firmware: "v7.6.1" };
    case "tv_box":
      return { model: "Amino H200", firmware: "25.3.1" };
    case "phone_adapter":
      return { model: "Grandstream HT812", firmware: "1.0.55.2" };
  }
}

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, "0");

/** Devices a location should have, from what it subscribes to. */
function devicesFor(rng: Rng, loc: LocationPlan): Device[] {
  const live = loc.subs.filter((s) => s.status === "active" || s.status === "suspended");
  const internet = live.find((s) => s.item.kind === "internet");
  if (!internet || !loc.oltName) return [];
  const business = loc.customer.kind === "business";
  const base = { status: "installed" as const, loc, business, fast: (internet.item.downloadMbps ?? 0) >= 1000 };
  const out: Device[] = [{ ...base, kind: "ont", sub: internet }];
  const routerRental = live.find((s) => s.item.sku === "EQ-ROUTER-RENT");
  if (routerRental || rng.chance(0.3)) out.push({ ...base, kind: "router", sub: routerRental ?? internet });
  const tv =
    live.find((s) => s.item.sku === "EQ-TVBOX-RENT") ??
    live.find((s) => s.item.sku === "TV-BASE" || s.item.sku === "TV-PLUS");
  if (tv) out.push({ ...base, kind: "tv_box", sub: tv });
  const phone = live.find((s) => s.item.sku === "TEL-RES" || s.item.sku === "TEL-AFF");
  if (phone) out.push({ ...base, kind: "phone_adapter", sub: phone });
  return out;
}

export function* equipmentRows(ctx: SeedContext): Generator<RowOf<typeof serviceEquipment>> {
  const rng = Rng.for(ctx.scale, "equipment");
  subscriptionsOf(ctx);
  const { locations } = customersOf(ctx);
  const demo: Device[] = [];
  const others: Device[] = [];
  for (const loc of locations) (loc.customer.demo >= 0 ? demo : others).push(...devicesFor(rng, loc));
  const total = ctx.volumes.equipment;
  // Most of the inventory is in the field; the legacy system never recorded every device.
  const installedCount = Math.min(others.length, Math.round(total * 0.88) - demo.length);
  const devices = [...demo, ...rng.shuffle(others).slice(0, installedCount)];
  const gone = locations.filter((l) => l.status === "disconnected");
  while (devices.length < total) {
    const status = rng.weighted<Status>([
      ["in_stock", 45],
      ["removed", 30],
      ["defective", 15],
      ["returned", 10],
    ]);
    const kind = rng.weighted<Kind>([
      ["ont", 50],
      ["router", 30],
      ["tv_box", 15],
      ["phone_adapter", 5],
    ]);
    const loc = status === "removed" && gone.length > 0 ? rng.pick(gone) : null;
    devices.push({ kind, status, loc, sub: loc?.subs[0] ?? null, business: false, fast: rng.chance(0.3) });
  }
  const counters: Record<Kind, number> = { ont: 0, router: 0, tv_box: 0, phone_adapter: 0 };
  let ipCounter = 0;
  for (let i = 0; i < devices.length; i++) {
    const d = devices[i] as Device;
    const k = KINDS[d.kind];
    const n = scramble24(counters[d.kind]++, k.salt);
    const mac = `${k.oui}:${hex(n >> 16, 2)}:${hex((n >> 8) & 0xff, 2)}:${hex(n & 0xff, 2)}`;
    const managed = d.status === "installed" && (d.kind === "ont" || d.kind === "router");
    const ip = managed ? ++ipCounter : 0;
    const installedMs =
      d.sub && d.status !== "in_stock" ? historicLocal(parseDay(d.sub.startDate), rng.int(9 * 60, 16 * 60)) : null;
    const createdMs = (installedMs ?? ctx.nowMs) - rng.int(5, 300) * DAY - rng.int(0, 8) * HOUR;
    yield {
      id: i + 1,
      kind: d.kind,
      // GPON serials are a 4-letter vendor id and 8 hex digits (ALCLB1C2D3E4); n alone keeps them unique.
      serial: `${k.serial}${hex(n, 6)}${hex(i % 16, 1)}`,
      mac,
      ...model(rng, d),
      managementIp: managed ? `10.${64 + (ip >> 16)}.${(ip >> 8) & 0xff}.${ip & 0xff}` : null,
      status: d.status,
      locationId: d.status === "installed" || d.status === "removed" ? (d.loc?.id ?? null) : null,
      subscriptionId: d.status === "installed" || d.status === "removed" ? (d.sub?.id ?? null) : null,
      installedAt: installedMs === null ? null : iso(installedMs),
      createdAt: iso(createdMs),
    };
  }
}
