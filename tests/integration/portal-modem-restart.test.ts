import { and, asc, eq, like, or } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLog,
  cpeTasks,
  portalUsers,
  serviceEquipment,
  serviceLocations,
  signInAttempts,
} from "@/server/db/schema";
import { ServiceError } from "@/server/services/errors";
import type { Actor } from "@/server/services/actor";
import { restartPortalModem } from "@/server/services/network/tr069-portal-restart";
import { translatorFor } from "@/server/web/route-handler";
import { sampleTr098Device, sampleTr181Device } from "@/lib/domain/network/sample-devices";
import { startFakeGenieAcs, type FakeGenieAcs } from "../fakes/genieacs-server";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";
import { trpcFailure } from "../support/trpc-errors";

/**
 * "Restart my modem" from the portal, through the real GenieACS client against the fake NBI: only
 * the customer's own device, audited, once per device per cooldown (support's restarts count),
 * the turn given back when the device refuses, and a few restarts an hour per customer. "Now" is
 * passed to the service where the test needs time to have passed.
 */
const CREDENTIALS = { username: "nbi", password: "nbi-secret" };
const SERIAL = { mine: "RESTARTRT1", second: "RESTARTRT2", theirs: "RESTARTRT3" };
let acs: FakeGenieAcs;
let runtime: TestRuntime;
let customer: Awaited<ReturnType<typeof callerAs>>;
let customer2: Awaited<ReturnType<typeof callerAs>>;
let support: Awaited<ReturnType<typeof callerAs>>;
const equipment = { mine: 0, second: 0, theirs: 0 };
const db = () => runtime.database.db;
const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000);
const deviceId = (serial: string) =>
  [...acs.devices.values()].find((d) => (d._deviceId as { _SerialNumber: string })._SerialNumber === serial)!
    ._id as string;
/** Tasks posted to the device's queue: a restart the ACS was asked for. */
const reboots = (serial: string) => acs.requests.filter((r) => r.method === "POST" && r.path.includes(serial)).length;

function refusalOf(error: unknown): { key: string; params: Record<string, string | number> } | null {
  const cause = error instanceof ServiceError ? error : (error as { cause?: unknown }).cause;
  return cause instanceof ServiceError ? { key: cause.key, params: cause.params } : null;
}

function actorOf(c: typeof customer): Actor {
  const s = c.ctx.customer!;
  return { realm: "customer", userId: s.userId, customerId: s.customerId, name: s.name };
}

async function homeOf(email: string): Promise<number> {
  const [user] = await db().select().from(portalUsers).where(eq(portalUsers.email, email));
  const [location] = await db()
    .select({ id: serviceLocations.id })
    .from(serviceLocations)
    .where(eq(serviceLocations.customerId, user!.customerId))
    .orderBy(asc(serviceLocations.id))
    .limit(1);
  return location!.id;
}

async function addDevice(serial: string, locationId: number, kind: "router" | "ont"): Promise<number> {
  const [row] = await db()
    .insert(serviceEquipment)
    .values({ kind, serial, model: "Restart test", status: "installed", locationId })
    .returning({ id: serviceEquipment.id });
  return row!.id;
}

beforeAll(async () => {
  acs = await startFakeGenieAcs({ credentials: CREDENTIALS });
  runtime = await createSeededRuntime({ genieacs: { url: acs.baseUrl, credentials: CREDENTIALS } });
  const home = await homeOf("customer@demo.test");
  equipment.mine = await addDevice(SERIAL.mine, home, "router");
  equipment.second = await addDevice(SERIAL.second, home, "ont");
  equipment.theirs = await addDevice(SERIAL.theirs, await homeOf("customer2@demo.test"), "router");
  const now = new Date();
  for (const doc of [
    sampleTr098Device({ oui: "A842A1", productClass: "Deco X55", serial: SERIAL.mine, lastInform: now }),
    sampleTr181Device({ oui: "F0B4D2", productClass: "eero6", serial: SERIAL.second, lastInform: now }),
    sampleTr098Device({ oui: "A842A1", productClass: "Deco X55", serial: SERIAL.theirs, lastInform: now }),
  ])
    acs.devices.set(doc._id as string, doc);
  customer = await callerAs(runtime, "customer", "customer@demo.test");
  customer2 = await callerAs(runtime, "customer", "customer2@demo.test");
  support = await callerAs(runtime, "staff", "support@demo.test");
}, 180_000);

afterAll(async () => {
  await runtime?.close();
  await acs?.close();
});

describe("restart my modem", () => {
  it("restarts the customer's own device, audited, and the Wi-Fi page then shows the cooldown", async () => {
    const task = await customer.caller.portalWifi.restart({ equipmentId: equipment.mine });
    expect(task).toMatchObject({ kind: "reboot", status: "done", requestedRealm: "customer" });
    expect(reboots(SERIAL.mine)).toBe(1);
    const audited = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "cpe.reboot"), eq(auditLog.entityId, String(equipment.mine))));
    expect(audited).toEqual([expect.objectContaining({ actorRealm: "customer", entityType: "service_equipment" })]);

    const view = await customer.caller.portalWifi.overview();
    const router = view.state === "ok" ? view.routers.find((r) => r.equipmentId === equipment.mine) : undefined;
    expect(router?.restart).toMatchObject({ last: { id: task.id, status: "done" }, remainingMinutes: 10 });
    expect(router?.restart.availableAt).toBeInstanceOf(Date);
  });

  it("refuses a second restart within the cooldown, with the time left in words, without reaching the ACS", async () => {
    const before = reboots(SERIAL.mine);
    const error = await trpcFailure(customer.caller.portalWifi.restart({ equipmentId: equipment.mine }));
    expect(error.code).toBe("CONFLICT");
    expect(refusalOf(error)).toEqual({ key: "errors.modemRestart.cooldown", params: { minutes: 10 } });

    // Four and a half minutes later, five and a half are left: "6 minutes", as a person reads it.
    const later = await restartPortalModem(runtime, actorOf(customer), { equipmentId: equipment.mine }, inMinutes(4.5))
      .then(() => null)
      .catch(refusalOf);
    expect(later).toEqual({ key: "errors.modemRestart.cooldown", params: { minutes: 6 } });
    expect(translatorFor("fr")(later!.key, later!.params)).toContain("dans 6 minutes");
    expect(translatorFor("en")(later!.key, later!.params)).toContain("in 6 minutes");
    expect(translatorFor("en")(later!.key, { minutes: 1 })).toContain("in 1 minute.");
    expect(reboots(SERIAL.mine)).toBe(before);

    const after = await restartPortalModem(runtime, actorOf(customer), { equipmentId: equipment.mine }, inMinutes(11));
    expect(after.status).toBe("done");
    expect(reboots(SERIAL.mine)).toBe(before + 1);
  });

  it("answers another customer's device as not found, and restarts nothing", async () => {
    const error = await trpcFailure(customer.caller.portalWifi.restart({ equipmentId: equipment.theirs }));
    expect(error.code).toBe("NOT_FOUND");
    expect(reboots(SERIAL.theirs)).toBe(0);
    expect(await db().select().from(cpeTasks).where(eq(cpeTasks.equipmentId, equipment.theirs))).toEqual([]);
  });

  it("shows a refused restart's fault and gives the device's turn back", async () => {
    acs.faultNext(deviceId(SERIAL.second), { code: "9002", message: "Internal error" });
    const refused = await customer.caller.portalWifi.restart({ equipmentId: equipment.second });
    expect(refused).toMatchObject({ kind: "reboot", status: "fault", faultCode: "9002" });
    const view = await customer.caller.portalWifi.overview();
    const ont = view.state === "ok" ? view.routers.find((r) => r.equipmentId === equipment.second) : undefined;
    expect(ont?.restart).toMatchObject({ last: { id: refused.id, status: "fault" }, availableAt: null });

    const retried = await customer.caller.portalWifi.restart({ equipmentId: equipment.second });
    expect(retried.status).toBe("done");
  });

  it("counts a restart by support in the device's cooldown", async () => {
    await support.caller.acs.reboot({ equipmentId: equipment.theirs });
    const error = await trpcFailure(customer2.caller.portalWifi.restart({ equipmentId: equipment.theirs }));
    expect(refusalOf(error)?.key).toBe("errors.modemRestart.cooldown");
  });

  it("refuses with 'not configured' when the root has no ACS", async () => {
    const bare = { ...runtime, acs: null };
    const error = await restartPortalModem(bare, actorOf(customer2), { equipmentId: equipment.theirs }, new Date())
      .then(() => null)
      .catch(refusalOf);
    expect(error?.key).toBe("errors.acs.notConfigured");
  });

  it("limits restarts per customer per hour, all their devices together", async () => {
    // Start from no counted attempt, then let ten minutes and more pass between restarts.
    await db()
      .delete(signInAttempts)
      .where(
        or(like(signInAttempts.key, "customer:modem-restart:%"), like(signInAttempts.key, "equipment:modem-restart:%")),
      );
    const restart = (minutes: number) =>
      restartPortalModem(runtime, actorOf(customer), { equipmentId: equipment.mine }, inMinutes(minutes))
        .then((task) => task.status as string)
        .catch((error: unknown) => refusalOf(error)?.key ?? String(error));
    const outcomes = [];
    for (const minutes of [11, 22, 33, 44, 55]) outcomes.push(await restart(minutes));
    expect(outcomes).toEqual(["done", "done", "done", "done", "errors.modemRestart.tooMany"]);
  });
});
