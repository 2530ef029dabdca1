import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_CUSTOMERS, DEMO_STAFF } from "./demo-accounts";
import { generateSeed, VOLUMES, type SeedRow } from "./generate";
import { BOARD_DAYS_AHEAD } from "./generate/volumes";

// A Monday, the day after Quebec moved to daylight time: board times must follow the new offset.
const TODAY = "2026-03-09";
type Tables = Record<string, SeedRow[]>;

function materialize(today = TODAY): Tables {
  const seal = (plain: string) => `sealed:${plain}`;
  return Object.fromEntries(
    generateSeed({ scale: "demo", today, sealSecret: seal, passwordHash: "hash" }).map((t) => [
      t.name,
      [...t.batches(997)].flat(),
    ]),
  );
}

const ids = (rows: SeedRow[], key = "id") => new Set(rows.map((r) => r[key]));
const num = (v: unknown) => v as number;
/** Dates, times and codes are strings in seed rows; anything else fails the test that reads it. */
const str = (v: unknown): string => {
  if (typeof v !== "string") throw new TypeError(`expected a string, got ${JSON.stringify(v)}`);
  return v;
};

let db: Tables;
beforeAll(() => {
  db = materialize();
});

describe("demo seed generation", () => {
  it("is deterministic for a scale and a day", () => {
    expect(JSON.stringify(materialize())).toBe(JSON.stringify(db));
    expect(JSON.stringify(materialize("2026-03-10").customers)).not.toBe(JSON.stringify(db.customers));
  });

  it("produces the demo volumes exactly", () => {
    const v = VOLUMES.demo;
    const expected: Record<string, number> = {
      customers: v.customers,
      service_locations: v.locations,
      service_subscriptions: v.subscriptions,
      service_equipment: v.equipment,
      invoices: v.invoices,
      payments: v.payments,
      tickets: v.tickets,
      ticket_messages: v.messages,
      dispatch_technicians: v.technicians,
    };
    for (const [table, n] of Object.entries(expected)) expect(db[table]?.length, table).toBe(n);
    expect(db.items?.length).toBeGreaterThanOrEqual(25);
  });

  it("gives every table unique ids and keeps foreign keys inside the seed", () => {
    for (const [name, rows] of Object.entries(db))
      if (rows[0] && "id" in rows[0]) expect(ids(rows).size, name).toBe(rows.length);
    const refs: Array<[string, string, string]> = [
      ["service_locations", "customerId", "customers"],
      ["service_subscriptions", "customerId", "customers"],
      ["service_subscriptions", "locationId", "service_locations"],
      ["service_subscriptions", "itemId", "items"],
      ["service_equipment", "locationId", "service_locations"],
      ["service_equipment", "subscriptionId", "service_subscriptions"],
      ["invoices", "customerId", "customers"],
      ["invoice_lines", "invoiceId", "invoices"],
      ["invoice_lines", "subscriptionId", "service_subscriptions"],
      ["invoice_lines", "itemId", "items"],
      ["payments", "customerId", "customers"],
      ["payment_allocations", "paymentId", "payments"],
      ["payment_allocations", "invoiceId", "invoices"],
      ["tickets", "customerId", "customers"],
      ["tickets", "locationId", "service_locations"],
      ["tickets", "assignedToId", "staff_users"],
      ["tickets", "parentId", "tickets"],
      ["ticket_messages", "ticketId", "tickets"],
      ["ticket_messages", "authorStaffId", "staff_users"],
      ["dispatch_technicians", "userId", "staff_users"],
      ["dispatch_jobs", "locationId", "service_locations"],
      ["dispatch_jobs", "ticketId", "tickets"],
      ["dispatch_jobs", "leadTechnicianId", "dispatch_technicians"],
      ["dispatch_job_tags", "tagId", "dispatch_tags"],
      ["dispatch_job_checklist_items", "jobId", "dispatch_jobs"],
      ["dispatch_job_materials", "itemId", "items"],
      ["portal_users", "customerId", "customers"],
      ["staff_accounts", "userId", "staff_users"],
      ["portal_accounts", "userId", "portal_users"],
      ["dispatch_technician_tags", "technicianId", "dispatch_technicians"],
    ];
    for (const [table, key, target] of refs) {
      const known = ids(db[target] ?? []);
      const dangling = (db[table] ?? []).filter((r) => r[key] !== null && r[key] !== undefined && !known.has(r[key]));
      expect(dangling.length, `${table}.${key} → ${target}`).toBe(0);
    }
  });

  it("keeps invoice arithmetic and payments consistent", () => {
    const lineSum = new Map<number, number>();
    for (const l of db.invoice_lines ?? [])
      lineSum.set(num(l.invoiceId), (lineSum.get(num(l.invoiceId)) ?? 0) + num(l.amountCents));
    const allocated = new Map<number, number>();
    for (const a of db.payment_allocations ?? []) {
      expect(num(a.amountCents)).toBeGreaterThan(0);
      allocated.set(num(a.invoiceId), (allocated.get(num(a.invoiceId)) ?? 0) + num(a.amountCents));
    }
    for (const i of db.invoices ?? []) {
      const sub = num(i.subtotalCents);
      expect(lineSum.get(num(i.id))).toBe(sub);
      expect(i.gstCents).toBe(Math.round(sub * 0.05));
      expect(i.qstCents).toBe(Math.round(sub * 0.09975));
      expect(i.totalCents).toBe(sub + num(i.gstCents) + num(i.qstCents));
      const paid = allocated.get(num(i.id)) ?? 0;
      expect(paid).toBeLessThanOrEqual(num(i.totalCents));
      if (i.status !== "void") expect(i.balanceCents).toBe(num(i.totalCents) - paid);
      if (i.status === "paid") expect(i.balanceCents).toBe(0);
    }
    expect(new Set(db.invoices?.map((i) => i.number)).size).toBe(db.invoices?.length);
    const periods = (db.invoice_lines ?? [])
      .filter((l) => l.subscriptionId !== null)
      .map((l) => `${String(l.subscriptionId)}/${String(l.periodStart)}`);
    expect(new Set(periods).size).toBe(periods.length);
    const byPayment = new Map<number, number>();
    for (const a of db.payment_allocations ?? [])
      byPayment.set(num(a.paymentId), (byPayment.get(num(a.paymentId)) ?? 0) + num(a.amountCents));
    for (const p of db.payments ?? []) {
      expect(num(p.amountCents)).toBeGreaterThan(0);
      if (p.status === "failed") expect(byPayment.has(num(p.id))).toBe(false);
      else expect(byPayment.get(num(p.id))).toBe(p.amountCents);
    }
  });

  it("respects the unique columns of subscriptions, equipment and locations", () => {
    const subs = db.service_subscriptions ?? [];
    const usernames = subs.map((s) => s.radiusUsername).filter((u) => u !== null);
    expect(new Set(usernames).size).toBe(usernames.length);
    for (const s of subs) {
      expect(num(s.billingDay)).toBeGreaterThanOrEqual(1);
      expect(num(s.billingDay)).toBeLessThanOrEqual(28);
      if (s.radiusUsername !== null) expect(s.radiusPasswordEncrypted).toMatch(/^sealed:/);
      if (s.endDate !== null) expect(str(s.endDate) >= str(s.startDate)).toBe(true);
    }
    const equipment = db.service_equipment ?? [];
    expect(new Set(equipment.map((e) => String(e.serial).toUpperCase())).size).toBe(equipment.length);
    expect(new Set(equipment.map((e) => e.mac)).size).toBe(equipment.length);
    for (const e of equipment) expect(e.mac).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
    const ports = (db.service_locations ?? [])
      .filter((l) => l.oltName !== null)
      .map((l) => [l.oltName, l.oltSlot, l.oltPort, l.ontId].map(String).join("/"));
    expect(new Set(ports).size).toBe(ports.length);
    expect(ports[0]).toMatch(/^OLT-[A-Z]+-\d{2}\//);
  });

  it("links about a tenth of tickets to an earlier ticket of the same customer", () => {
    const tickets = db.tickets ?? [];
    const byId = new Map(tickets.map((t) => [t.id, t]));
    const children = tickets.filter((t) => t.parentId !== null);
    expect(children.length / tickets.length).toBeGreaterThan(0.07);
    expect(children.length / tickets.length).toBeLessThan(0.13);
    for (const c of children) {
      const parent = byId.get(c.parentId);
      expect(num(c.parentId)).toBeLessThan(num(c.id));
      expect(parent?.customerId).toBe(c.customerId);
    }
  });

  it("creates the demo accounts and their customers", () => {
    const staffEmails = (db.staff_users ?? []).map((u) => u.email);
    for (const s of DEMO_STAFF) expect(staffEmails).toContain(s.email);
    expect(db.staff_accounts?.length).toBe(DEMO_STAFF.length);
    for (const a of [...(db.staff_accounts ?? []), ...(db.portal_accounts ?? [])]) {
      expect(a).toMatchObject({ providerId: "credential", password: "hash", accountId: a.userId });
    }
    const tech = db.staff_users?.find((u) => u.email === "technician@demo.test");
    expect(db.dispatch_technicians?.filter((t) => t.userId === tech?.id)).toHaveLength(1);
    for (const demo of DEMO_CUSTOMERS) {
      const customer = db.customers?.find((c) => c.email === demo.email);
      expect(customer).toMatchObject({ language: demo.language, kind: "residential" });
      expect(db.portal_users?.find((u) => u.email === demo.email)?.customerId).toBe(customer?.id);
      const locations = (db.service_locations ?? []).filter((l) => l.customerId === customer?.id);
      expect(locations.length).toBe(demo.locations);
      const tickets = (db.tickets ?? []).filter((t) => t.customerId === customer?.id);
      expect(tickets.length).toBeGreaterThanOrEqual(3);
      const ticketIds = ids(tickets);
      expect((db.ticket_messages ?? []).some((m) => ticketIds.has(m.ticketId))).toBe(true);
      expect((db.service_equipment ?? []).some((e) => locations.some((l) => l.id === e.locationId))).toBe(true);
      expect((db.payments ?? []).some((p) => p.customerId === customer?.id)).toBe(true);
    }
    const main = db.customers?.find((c) => c.email === "customer@demo.test");
    expect((db.service_subscriptions ?? []).filter((s) => s.customerId === main?.id).length).toBeGreaterThanOrEqual(3);
    expect(
      (db.invoices ?? []).some((i) => i.customerId === main?.id && i.status === "open" && num(i.balanceCents) > 0),
    ).toBe(true);
  });

  it("fills the board on every weekday from today to two weeks ahead", () => {
    const jobs = db.dispatch_jobs ?? [];
    const dayOf = (iso: unknown) =>
      new Intl.DateTimeFormat("en-CA", { timeZone: "America/Toronto" }).format(new Date(String(iso)));
    const perDay = new Map<string, SeedRow[]>();
    for (const j of jobs) perDay.set(dayOf(j.windowStart), [...(perDay.get(dayOf(j.windowStart)) ?? []), j]);
    const [lo, hi] = VOLUMES.demo.jobsPerDay;
    for (let d = 0; d <= BOARD_DAYS_AHEAD; d++) {
      const date = new Date(Date.parse(`${TODAY}T12:00:00Z`) + d * 86_400_000);
      if (date.getUTCDay() % 6 === 0) continue;
      const day = perDay.get(date.toISOString().slice(0, 10)) ?? [];
      expect(day.length, date.toISOString()).toBeGreaterThanOrEqual(lo);
      expect(day.length).toBeLessThanOrEqual(hi);
      expect(day.some((j) => j.status === "unassigned") || d === 0).toBe(true);
    }
    for (const j of jobs) {
      if (j.scheduledStart === null) continue;
      const start = Date.parse(str(j.scheduledStart));
      expect(start).toBeGreaterThanOrEqual(Date.parse(String(j.windowStart)));
      expect(start + num(j.durationMin) * 60_000).toBeLessThanOrEqual(Date.parse(String(j.windowEnd)));
    }
    // Windows are Quebec wall-clock times: 8:00 is 12:00 UTC after the switch to daylight time.
    expect(jobs.some((j) => String(j.windowStart).endsWith("T12:00:00.000Z"))).toBe(true);
    expect((db.dispatch_job_checklist_items ?? []).length).toBeGreaterThan(jobs.length * 2);
  });
});
