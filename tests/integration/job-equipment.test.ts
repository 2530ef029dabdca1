import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNotNull, ne, sql } from "drizzle-orm";
import { rowsOf } from "@/server/db/client";
import { dispatchJobEquipment, dispatchJobs, serviceEquipment, serviceSubscriptions } from "@/server/db/schema";
import {
  applyEquipmentAction,
  equipmentAtLocation,
  type EquipmentActionInput,
  type EquipmentJob,
} from "@/server/services/equipment/job-equipment";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";

/**
 * Installing and removing devices from a technician's job, on the seeded demo inventory: the
 * device's record follows it, the job keeps a line, and a refused action writes nothing, even
 * when two phones register the same new serial at the same moment.
 */
let runtime: TestRuntime;
const db = () => runtime.database.db;
const NOW = new Date("2026-11-24T15:30:00.000Z");
let jobA: EquipmentJob;
let jobB: EquipmentJob;
let repairA: EquipmentJob;
let inStock: (typeof serviceEquipment.$inferSelect)[];
let defective: typeof serviceEquipment.$inferSelect;

async function job(values: {
  locationId: number;
  subscriptionId: number | null;
  customerId: number | null;
  kind: EquipmentJob["kind"];
}): Promise<EquipmentJob> {
  const [row] = await db()
    .insert(dispatchJobs)
    .values({ ...values, title: `Test ${values.kind}` })
    .returning();
  return { id: row!.id, locationId: row!.locationId, subscriptionId: row!.subscriptionId, kind: row!.kind };
}

beforeAll(async () => {
  runtime = await createSeededRuntime();
  const subs = await db()
    .selectDistinctOn([serviceSubscriptions.locationId])
    .from(serviceSubscriptions)
    .orderBy(serviceSubscriptions.locationId)
    .limit(2);
  const [a, b] = subs;
  jobA = await job({ locationId: a!.locationId, subscriptionId: a!.id, customerId: a!.customerId, kind: "install" });
  jobB = await job({ locationId: b!.locationId, subscriptionId: b!.id, customerId: b!.customerId, kind: "install" });
  repairA = await job({ locationId: a!.locationId, subscriptionId: a!.id, customerId: a!.customerId, kind: "repair" });
  inStock = await db()
    .select()
    .from(serviceEquipment)
    .where(and(eq(serviceEquipment.status, "in_stock"), isNotNull(serviceEquipment.mac)))
    .orderBy(serviceEquipment.id)
    .limit(3);
  const [broken] = await db().select().from(serviceEquipment).where(eq(serviceEquipment.status, "defective")).limit(1);
  expect(inStock).toHaveLength(3);
  expect(broken).toBeDefined();
  defective = broken!;
});
afterAll(() => runtime?.close());

/** As the phone's action ledger calls it: inside a transaction that commits. */
const apply = (input: Omit<EquipmentActionInput, "now">) =>
  db().transaction((tx) => applyEquipmentAction(tx, { ...input, now: NOW }));

/** Every equipment row and job line, so a refusal can be shown to have changed nothing. */
async function snapshot() {
  const [row] = await rowsOf<{ equipment: number; lines: number; digest: string }>(
    db(),
    sql`select
    (select count(*)::int from service_equipment) as equipment,
    (select count(*)::int from dispatch_job_equipment) as lines,
    (select md5(string_agg(e::text, ',' order by e.id)) from service_equipment e) as digest`,
  );
  return row!;
}

/** A refusal's expected message; a function when it names a seeded device, known only once seeded. */
type Message = RegExp | (() => RegExp);

/** The action is refused with this code and message, and no equipment row or job line changes. */
async function expectRefusal(input: Omit<EquipmentActionInput, "now">, code: string, message: Message): Promise<void> {
  const before = await snapshot();
  const outcome = await apply(input);
  expect(outcome).toMatchObject({ accepted: false, code });
  if (!outcome.accepted) expect(outcome.message).toMatch(typeof message === "function" ? message() : message);
  expect(await snapshot()).toEqual(before);
}

async function byId(id: number) {
  const [row] = await db().select().from(serviceEquipment).where(eq(serviceEquipment.id, id));
  return row!;
}

async function linesOf(equipmentId: number) {
  return db()
    .select({ jobId: dispatchJobEquipment.jobId, action: dispatchJobEquipment.action })
    .from(dispatchJobEquipment)
    .where(eq(dispatchJobEquipment.equipmentId, equipmentId))
    .orderBy(dispatchJobEquipment.id);
}

describe("install", () => {
  it("creates a device the inventory has never seen, with its MAC in canonical form", async () => {
    const outcome = await apply({
      job: jobA,
      operation: "install",
      serial: " alclb0new001 ",
      mac: "02-ab-cd-00-00-01",
    });
    expect(outcome).toMatchObject({
      accepted: true,
      result: {
        serial: "ALCLB0NEW001",
        mac: "02:AB:CD:00:00:01",
        status: "installed",
        kind: "ont",
        alreadyDone: false,
      },
    });
    if (!outcome.accepted) return;
    const row = await byId(outcome.result.equipmentId as number);
    expect(row).toMatchObject({ locationId: jobA.locationId, subscriptionId: jobA.subscriptionId, installedAt: NOW });
    expect(await linesOf(row.id)).toEqual([{ jobId: jobA.id, action: "installed" }]);
  });

  it("installs a device in stock, found whatever the case typed", async () => {
    const device = inStock[0]!;
    const outcome = await apply({ job: jobA, operation: "install", serial: device.serial.toLowerCase() });
    expect(outcome).toEqual({
      accepted: true,
      result: {
        equipmentId: device.id,
        serial: device.serial,
        mac: device.mac,
        status: "installed",
        kind: device.kind,
        alreadyDone: false,
      },
    });
    expect(await byId(device.id)).toMatchObject({
      status: "installed",
      locationId: jobA.locationId,
      subscriptionId: jobA.subscriptionId,
      installedAt: NOW,
    });
    expect(await linesOf(device.id)).toEqual([{ jobId: jobA.id, action: "installed" }]);
  });

  it("accepts a second install at the same address as already done, writing nothing", async () => {
    const device = inStock[0]!;
    const before = await snapshot();
    const outcome = await apply({ job: jobA, operation: "install", serial: device.serial, mac: device.mac! });
    expect(outcome).toMatchObject({
      accepted: true,
      result: { equipmentId: device.id, status: "installed", alreadyDone: true },
    });
    expect(await snapshot()).toEqual(before);
  });

  it.each<[string, () => Omit<EquipmentActionInput, "now">, string, Message]>([
    [
      "an invalid MAC",
      () => ({ job: jobA, operation: "install", serial: "ALCLB0NEW002", mac: "00:11:22:33:44" }),
      "invalid_mac",
      /MAC 00:11:22:33:44 has 5 bytes, needs 6 \/ La MAC 00:11:22:33:44 a 5 octets, il en faut 6/,
    ],
    [
      "a multicast MAC",
      () => ({ job: jobA, operation: "install", serial: "ALCLB0NEW002", mac: "01:00:5e:00:00:fb" }),
      "invalid_mac",
      /multicast address \(first byte 01 is odd\)/,
    ],
    [
      "a serial installed at another address",
      () => ({ job: jobB, operation: "install", serial: inStock[0]!.serial }),
      "duplicate_serial",
      () => new RegExp(`Serial ${inStock[0]!.serial} is already installed at another address`),
    ],
    [
      "the MAC of another device",
      () => ({ job: jobA, operation: "install", serial: "ALCLB0NEW003", mac: inStock[1]!.mac!.toLowerCase() }),
      "duplicate_serial",
      () => new RegExp(`MAC ${inStock[1]!.mac} already belongs to serial ${inStock[1]!.serial}`),
    ],
    [
      "a MAC that is not the device's own",
      () => ({ job: jobA, operation: "install", serial: inStock[1]!.serial, mac: "02:00:00:00:00:99" }),
      "invalid_mac",
      () => new RegExp(`does not match serial ${inStock[1]!.serial}, whose MAC is ${inStock[1]!.mac}`),
    ],
    [
      "a new serial with a bad character",
      () => ({ job: jobA, operation: "install", serial: "ALCL B0NEW004" }),
      "equipment_not_found",
      /Serial ALCL B0NEW004: a space \(character 5\) is not allowed/,
    ],
    [
      "a new device of unknown kind on a repair",
      () => ({ job: repairA, operation: "install", serial: "RT0NEW005" }),
      "equipment_not_found",
      /Serial RT0NEW005 is not in the inventory; choose its kind/,
    ],
    [
      "a defective device",
      () => ({ job: jobA, operation: "install", serial: defective.serial }),
      "bad_transition",
      /is marked defective and cannot be installed/,
    ],
  ])("refuses %s and writes nothing", async (_, input, code, message) => expectRefusal(input(), code, message));

  it("takes the technician's kind for a new device on a repair", async () => {
    const outcome = await apply({
      job: repairA,
      operation: "install",
      serial: "RT0NEW006",
      mac: "02ab.cd00.0006",
      equipmentKind: "router",
    });
    expect(outcome).toMatchObject({
      accepted: true,
      result: { kind: "router", mac: "02:AB:CD:00:00:06", status: "installed" },
    });
  });
});

describe("remove", () => {
  it("takes a device installed here off the address and the subscription", async () => {
    const device = inStock[0]!;
    const outcome = await apply({ job: repairA, operation: "remove", serial: device.serial });
    expect(outcome).toMatchObject({
      accepted: true,
      result: { equipmentId: device.id, status: "removed", alreadyDone: false },
    });
    expect(await byId(device.id)).toMatchObject({ status: "removed", locationId: null, subscriptionId: null });
    expect(await linesOf(device.id)).toEqual([
      { jobId: jobA.id, action: "installed" },
      { jobId: repairA.id, action: "removed" },
    ]);
  });

  it("accepts the same removal again from the same job, writing nothing", async () => {
    const before = await snapshot();
    const outcome = await apply({ job: repairA, operation: "remove", serial: inStock[0]!.serial });
    expect(outcome).toMatchObject({ accepted: true, result: { status: "removed", alreadyDone: true } });
    expect(await snapshot()).toEqual(before);
  });

  it.each<[string, () => Omit<EquipmentActionInput, "now">, string, Message]>([
    [
      "an unknown serial",
      () => ({ job: jobA, operation: "remove", serial: "NOSUCH0001" }),
      "equipment_not_found",
      /No equipment has serial NOSUCH0001/,
    ],
    [
      "a device installed at another address",
      () => ({ job: jobB, operation: "remove", serial: "ALCLB0NEW001" }),
      "equipment_not_found",
      /Serial ALCLB0NEW001 is installed at another address, not here/,
    ],
    [
      "a device in stock",
      () => ({ job: jobA, operation: "remove", serial: inStock[2]!.serial }),
      "equipment_not_found",
      /is not installed here: it is in stock/,
    ],
    [
      "a device removed by another job",
      () => ({ job: jobA, operation: "remove", serial: inStock[0]!.serial }),
      "equipment_not_found",
      /is not installed here: it was already removed/,
    ],
    [
      "an invalid MAC",
      () => ({ job: jobA, operation: "remove", serial: "ALCLB0NEW001", mac: "02:AB:CD:00:00:0G" }),
      "invalid_mac",
      /"G" \(character 17\) is not a hexadecimal digit/,
    ],
  ])("refuses %s and writes nothing", async (_, input, code, message) => expectRefusal(input(), code, message));
});

describe("two phones register one new serial at once", () => {
  /**
   * On PostgreSQL both transactions are held at their insert (a SHARE lock on the table lets
   * their look-ups through, not their writes) until both have looked and found nothing, so the
   * unique index, not the look-up, decides. PGlite has one connection: they run one after the
   * other, and the look-up decides.
   */
  async function race(inputs: Omit<EquipmentActionInput, "now">[]) {
    if (runtime.database.driver !== "pg") return Promise.all(inputs.map(apply));
    let attempts!: Promise<Awaited<ReturnType<typeof apply>>[]>;
    await db().transaction(async (gate) => {
      await gate.execute(sql`lock table service_equipment in share mode`);
      attempts = Promise.all(inputs.map(apply));
      for (let waited = 0; ; waited += 20) {
        const [row] = await runtime.database.query<{ n: number }>(
          "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        );
        if (row!.n >= inputs.length) break;
        if (waited > 10_000) throw new Error("the racing installs never reached their insert");
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    return attempts;
  }

  it("at two addresses: one device, one install accepted, the other refused as a duplicate", async () => {
    const before = await snapshot();
    const outcomes = await race([
      { job: jobA, operation: "install", serial: "ALCLB0RACE01", mac: "02:AB:CD:00:10:01" },
      { job: jobB, operation: "install", serial: "alclb0race01", mac: "02:AB:CD:00:10:01" },
    ]);
    expect(outcomes.filter((o) => o.accepted)).toHaveLength(1);
    const refused = outcomes.find((o) => !o.accepted);
    expect(refused).toMatchObject({
      accepted: false,
      code: "duplicate_serial",
      message: expect.stringMatching(/ALCLB0RACE01 is already installed at another address/),
      key: "errors.equipment.installedElsewhere",
      params: { serial: "ALCLB0RACE01" },
    });
    const rows = await db()
      .select()
      .from(serviceEquipment)
      .where(sql`upper(${serviceEquipment.serial}) = 'ALCLB0RACE01'`);
    expect(rows).toHaveLength(1);
    const winner = outcomes.findIndex((o) => o.accepted);
    expect(rows[0]!.locationId).toBe([jobA, jobB][winner]!.locationId);
    expect(await linesOf(rows[0]!.id)).toHaveLength(1);
    const after = await snapshot();
    expect([after.equipment - before.equipment, after.lines - before.lines]).toEqual([1, 1]);
  });

  it("at one address (the same job from two phones): one device, both accepted, one as already done", async () => {
    const outcomes = await race([
      { job: jobA, operation: "install", serial: "ALCLB0RACE02" },
      { job: jobA, operation: "install", serial: "ALCLB0RACE02" },
    ]);
    expect(outcomes.map((o) => o.accepted)).toEqual([true, true]);
    expect(outcomes.map((o) => (o.accepted ? o.result.alreadyDone : null)).sort()).toEqual([false, true]);
    const rows = await db().select().from(serviceEquipment).where(eq(serviceEquipment.serial, "ALCLB0RACE02"));
    expect(rows).toHaveLength(1);
    expect(await linesOf(rows[0]!.id)).toEqual([{ jobId: jobA.id, action: "installed" }]);
  });
});

describe("equipmentAtLocation", () => {
  it("lists what is installed at the job's address first", async () => {
    const listed = await equipmentAtLocation(db(), jobA.locationId);
    expect(listed.map((e) => e.serial)).toEqual(expect.arrayContaining(["ALCLB0NEW001", "RT0NEW006", "ALCLB0RACE02"]));
    expect(listed.map((e) => e.serial)).not.toContain(inStock[0]!.serial);
    const firstOther = listed.findIndex((e) => e.status !== "installed");
    if (firstOther >= 0) expect(listed.slice(firstOther).every((e) => e.status !== "installed")).toBe(true);
    expect(listed.find((e) => e.serial === "RT0NEW006")).toEqual({
      id: expect.any(Number),
      kind: "router",
      serial: "RT0NEW006",
      mac: "02:AB:CD:00:00:06",
      model: null,
      status: "installed",
      installedAt: NOW,
    });
    const elsewhere = await db()
      .select({ id: serviceEquipment.id })
      .from(serviceEquipment)
      .where(ne(serviceEquipment.locationId, jobA.locationId))
      .limit(1);
    expect(listed.map((e) => e.id)).not.toContain(elsewhere[0]!.id);
  });
});
