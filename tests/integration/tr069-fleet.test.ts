import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { cpeFleetItems, cpeFleetRuns, portalUsers, serviceEquipment, serviceLocations } from "@/server/db/schema";
import { ServiceError } from "@/server/services/errors";
import { FLEET_PUSH_QUEUE } from "@/server/services/background-jobs";
import type { JobSender } from "@/server/services/background-jobs";
import { fleetPushStep } from "@/server/services/network/fleet-push";
import { sampleTr098Device } from "@/lib/domain/network/sample-devices";
import { startFakeGenieAcs, type FakeGenieAcs } from "../fakes/genieacs-server";
import { callerAs, callerWithContext, createSeededRuntime, type TestRuntime } from "../support/test-runtime";
import { trpcFailure } from "../support/trpc-errors";

/**
 * A firmware image pushed to a selection of devices, worked step by step as the job does
 * (fleetPushStep), with the real GenieACS client against the fake NBI: at most `concurrency`
 * devices in flight, pause and resume, per-device progress and the report.
 */
let acs: FakeGenieAcs;
let runtime: TestRuntime;
let admin: ReturnType<typeof callerWithContext>;
/** The same admin with the root's real job queue, for the test that lets pg-boss work a run. */
let adminWithJobs: ReturnType<typeof callerWithContext>;
let locationId = 0;
const sent: { queue: string; data: object }[] = [];
const jobs: JobSender = {
  send(queue, data) {
    sent.push({ queue, data });
    return Promise.resolve("job");
  },
  jobsByKey() {
    return Promise.resolve([]);
  },
};
const MODEL = "Fleet Model X";
const equipment: number[] = [];
const deviceIds: string[] = [];

const keyOf = (error: unknown) => {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof ServiceError) return cause.key;
  if (cause instanceof ZodError) return cause.issues.map((i) => i.message);
  return null;
};

beforeAll(async () => {
  acs = await startFakeGenieAcs();
  runtime = await createSeededRuntime({ genieacs: { url: acs.baseUrl, credentials: null } });
  const db = runtime.database.db;
  const [user] = await db.select().from(portalUsers).where(eq(portalUsers.email, "customer@demo.test"));
  const [location] = await db
    .select({ id: serviceLocations.id })
    .from(serviceLocations)
    .where(eq(serviceLocations.customerId, user!.customerId))
    .limit(1);
  // Six routers of one model: three offline, two online, and one whose ACS product class is another model's.
  for (let i = 1; i <= 6; i++) {
    const serial = `FLEETX${i}`;
    const [row] = await db
      .insert(serviceEquipment)
      .values({ kind: "router", serial, model: MODEL, firmware: "1.0", status: "installed", locationId: location!.id })
      .returning({ id: serviceEquipment.id });
    equipment.push(row!.id);
    const doc = sampleTr098Device({
      oui: "00AA11",
      productClass: i === 6 ? "OtherBox" : "FleetX",
      serial,
      lastInform: new Date(),
    });
    acs.devices.set(doc._id as string, doc);
    deviceIds.push(doc._id as string);
    if (i <= 3) acs.setOnline(doc._id as string, false);
  }
  acs.files.push(
    {
      _id: "fleetx-2.0.bin",
      length: 2048,
      metadata: { fileType: "1 Firmware Upgrade Image", oui: "00AA11", productClass: "FleetX", version: "2.0" },
    },
    { _id: "fleetx.cfg", length: 20, metadata: { fileType: "3 Vendor Configuration File" } },
  );
  const signedIn = await callerAs(runtime, "staff", "admin@demo.test");
  admin = callerWithContext({ ...signedIn.ctx, jobs });
  adminWithJobs = callerWithContext(signedIn.ctx);
  locationId = location!.id;
}, 60_000);

afterAll(async () => {
  await runtime?.close();
  await acs?.close();
});

const step = (runId: number) => fleetPushStep({ db: runtime.database.db, acs: runtime.acs }, runId);
const version = (i: number) =>
  (acs.devices.get(deviceIds[i]!) as { InternetGatewayDevice: { DeviceInfo: { SoftwareVersion: { _value: string } } } })
    .InternetGatewayDevice.DeviceInfo.SoftwareVersion._value;

describe("pushing firmware to a fleet", () => {
  it("refuses a file that is not a firmware image, or a selection with nothing in it, and creates no run", async () => {
    const before = await runtime.database.db.$count(cpeFleetRuns);
    const wrongType = await trpcFailure(
      admin.acsFleet.start({ selection: { model: MODEL }, fileName: "fleetx.cfg", concurrency: 2 }),
    );
    expect([wrongType.code, keyOf(wrongType)]).toEqual(["BAD_REQUEST", "errors.acs.firmware.wrongType"]);
    const empty = await trpcFailure(
      admin.acsFleet.start({ selection: { model: "No such model" }, fileName: "fleetx-2.0.bin", concurrency: 2 }),
    );
    expect(keyOf(empty)).toBe("errors.acs.fleet.emptySelection");
    const none = await trpcFailure(admin.acsFleet.start({ selection: {}, fileName: "fleetx-2.0.bin", concurrency: 2 }));
    expect(keyOf(none)).toContain("errors.acs.fleet.noCriterion");
    expect(await runtime.database.db.$count(cpeFleetRuns)).toBe(before);
  });

  it("keeps at most `concurrency` devices in flight, pauses and resumes, and reports each device", async () => {
    expect(await admin.acsFleet.preview({ model: MODEL })).toEqual({ devices: 6, tooMany: false });
    const { runId, devices } = await admin.acsFleet.start({
      selection: { model: MODEL },
      fileName: "fleetx-2.0.bin",
      concurrency: 2,
    });
    expect(devices).toBe(6);
    expect(sent.at(-1)).toEqual({ queue: FLEET_PUSH_QUEUE, data: { runId } });

    // The first three devices are offline: two are sent and stay in flight; nothing more goes out.
    expect(await step(runId)).toEqual({ status: "running", queued: 4, inFlight: 2 });
    expect(await step(runId)).toEqual({ status: "running", queued: 4, inFlight: 2 });

    await admin.acsFleet.pause({ runId });
    acs.runQueued(deviceIds[0]!);
    acs.runQueued(deviceIds[1]!);
    expect(await step(runId)).toMatchObject({ status: "paused", queued: 4 });
    expect((await trpcFailure(admin.acsFleet.pause({ runId }))).code).toBe("CONFLICT");
    await admin.acsFleet.resume({ runId });
    expect(sent.at(-1)).toEqual({ queue: FLEET_PUSH_QUEUE, data: { runId } });

    // The two applied; the third (offline) and the fourth (online, applied at once) go out.
    expect(await step(runId)).toEqual({ status: "running", queued: 2, inFlight: 1 });
    let last = await step(runId);
    while (last.queued > 0) last = await step(runId);
    acs.runQueued(deviceIds[2]!);
    last = await step(runId);
    expect(last).toEqual({ status: "finished", queued: 0, inFlight: 0 });

    const report = await admin.acsFleet.run({ runId });
    expect(report.status).toBe("finished");
    expect(report.counts).toEqual({ queued: 0, sent: 0, applied: 5, faulted: 1 });
    expect(report.items.find((i) => i.equipmentId === equipment[5])).toMatchObject({
      status: "faulted",
      faultCode: "refused.wrongModel",
    });
    expect([0, 1, 2, 3, 4].map(version)).toEqual(["2.0", "2.0", "2.0", "2.0", "2.0"]);
    expect(version(5)).not.toBe("2.0");
    expect((await admin.acsFleet.runs()).find((r) => r.id === runId)?.counts.applied).toBe(5);
    const items = await runtime.database.db
      .select()
      .from(cpeFleetItems)
      .where(and(eq(cpeFleetItems.runId, runId), eq(cpeFleetItems.status, "applied")));
    expect(items.every((i) => i.cpeTaskId !== null)).toBe(true);
  });

  it("is worked to the end by the network.fleet-push job", async () => {
    const db = runtime.database.db;
    for (let i = 1; i <= 3; i++) {
      const serial = `FLEETY${i}`;
      await db
        .insert(serviceEquipment)
        .values({ kind: "router", serial, model: "Fleet Model Y", status: "installed", locationId });
      const doc = sampleTr098Device({ oui: "00AA11", productClass: "FleetX", serial, lastInform: new Date() });
      acs.devices.set(doc._id as string, doc);
    }
    await runtime.jobs.startWorkers(runtime, { pollingIntervalSeconds: 0.5 });
    const { runId } = await adminWithJobs.acsFleet.start({
      selection: { model: "Fleet Model Y" },
      fileName: "fleetx-2.0.bin",
      concurrency: 3,
    });
    let run = await adminWithJobs.acsFleet.run({ runId });
    while (run.status !== "finished") {
      await new Promise((resolve) => setTimeout(resolve, 200));
      run = await adminWithJobs.acsFleet.run({ runId });
    }
    expect(run.counts).toEqual({ queued: 0, sent: 0, applied: 3, faulted: 0 });
  }, 60_000);
});
