import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import {
  auditLog,
  dispatchJobs,
  dispatchTechnicians,
  installChecks,
  outboundMessages,
  serviceEquipment,
  serviceSubscriptions,
  staffUsers,
  storageIntents,
} from "@/server/db/schema";
import {
  INSTALL_CHECK_QUEUE,
  installCheckKey,
  ON_MY_WAY_QUEUE,
  onMyWayJobKey,
  SWEEP_INSTALL_CHECKS_QUEUE,
  SWEEP_ON_MY_WAY_QUEUE,
} from "@/server/services/background-jobs";
import { jobRecord } from "@/server/services/jobs/job-record";
import { sweepPendingInstallChecks } from "@/server/services/sweepers/pending-install-checks";
import { listUndecidedMessages } from "@/server/services/messaging/undecided-messages";
import { savePhoto } from "@/server/services/tech/photos";
import { sweepMissedOnMyWay } from "@/server/services/sweepers/missed-on-my-way";
import { sweepOrphanFiles } from "@/server/services/sweepers/orphan-files";
import { sweepStaleMessages } from "@/server/services/sweepers/stale-messages";
import { recordStorageIntent } from "@/server/services/sweepers/storage-intents";
import { SCHEDULES } from "@/server/jobs/registry";
import { photoStorageKey } from "@/server/storage";
import { productProcessEnv } from "../support/child-env";
import { createSeededRuntime, type TestRuntime } from "../support/test-runtime";

/**
 * Each sweeper against the crash it repairs, made to happen: a product process is killed (-9)
 * inside the window (tests/support/crash-window-process.ts), then the sweeper runs as its
 * scheduled job would. PostgreSQL only: the crashing process and the test share the database.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
let runtime: TestRuntime;
let tech: { technicianId: number; userId: string; name: string };
const minutes = (n: number) => new Date(Date.now() + n * 60_000);
const db = () => runtime.database.db;

/** Runs the crash process for one window; resolves once it was killed inside it. */
function crash(window: string, env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/crash-window-process.ts"], {
    env: productProcessEnv({
      DATABASE_URL: runtime.testDatabase.url,
      FILE_STORAGE_DIR: runtime.config.storage.dir,
      CRASH_WINDOW: window,
      CRASH_TECH_ID: String(tech.technicianId),
      CRASH_USER_ID: tech.userId,
      ...env,
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("exit", (_code, signal) => {
      if (signal === "SIGKILL" && output.includes("reached")) resolve();
      else reject(new Error(`the ${window} process did not die inside its window (${signal ?? "exit"}):\n${output}`));
    });
  });
}

/** A job of the technician, assigned (not yet started), picked by that property. */
async function assignedJob(skip: number[] = []): Promise<number> {
  const rows = await db()
    .select({ id: dispatchJobs.id })
    .from(dispatchJobs)
    .where(
      and(
        eq(dispatchJobs.leadTechnicianId, tech.technicianId),
        eq(dispatchJobs.status, "assigned"),
        isNotNull(dispatchJobs.customerId),
      ),
    )
    .orderBy(dispatchJobs.id);
  const job = rows.find((r) => !skip.includes(r.id));
  if (!job) throw new Error("the demo technician has no assigned job left");
  return job.id;
}

/** A job under way at a customer's address, assigned to the technician. */
async function jobOnSite(): Promise<number> {
  const [sub] = await db().select().from(serviceSubscriptions).limit(1);
  const [row] = await db()
    .insert(dispatchJobs)
    .values({
      locationId: sub!.locationId,
      subscriptionId: sub!.id,
      customerId: sub!.customerId,
      kind: "install",
      title: "Install, then a crash",
      status: "on_site",
      leadTechnicianId: tech.technicianId,
      scheduledStart: new Date(),
    })
    .returning({ id: dispatchJobs.id });
  return row!.id;
}

let ontSerial = 0;
const newSerial = () => `SWP${String(++ontSerial).padStart(6, "0")}${randomUUID().slice(0, 6).toUpperCase()}`;

/** An ONT in stock, ready to be installed by its serial. */
async function stockOnt(): Promise<string> {
  const serial = newSerial();
  await db().insert(serviceEquipment).values({ kind: "ont", serial, managementIp: "10.20.0.5", status: "in_stock" });
  return serial;
}

/** A check written pending for an ONT installed on a job, as the technician's action leaves it. */
async function pendingCheck(): Promise<{ checkId: number; jobId: number }> {
  const jobId = await jobOnSite();
  const [device] = await db()
    .insert(serviceEquipment)
    .values({ kind: "ont", serial: newSerial(), status: "installed" })
    .returning({ id: serviceEquipment.id });
  const [check] = await db()
    .insert(installChecks)
    .values({ jobId, equipmentId: device!.id, trigger: "equipment", triggerKey: randomUUID() })
    .returning({ id: installChecks.id });
  return { checkId: check!.id, jobId };
}

/** What pg-boss keeps of a job whose last attempt died (killed past its retries, or an error each time). */
async function dieJob(jobId: string): Promise<void> {
  await db().execute(sql`update pgboss.job set state = 'failed', completed_on = now() where id = ${jobId}::uuid`);
}

const checkOf = async (checkId: number) =>
  (await db().select().from(installChecks).where(eq(installChecks.id, checkId)))[0]!;

/** The crashes, made once at the start and at the same time (a product process takes long to start). */
const crashed = { onMyWayJob: 0, photoJob: 0, photoKey: "", dedupeKey: "", installJob: 0 };

beforeAll(async () => {
  runtime = await createSeededRuntime();
  const [row] = await db()
    .select({ technicianId: dispatchTechnicians.id, userId: staffUsers.id, name: staffUsers.name })
    .from(dispatchTechnicians)
    .innerJoin(staffUsers, eq(staffUsers.id, dispatchTechnicians.userId))
    .where(eq(staffUsers.email, "technician@demo.test"));
  tech = row!;
  if (!onPostgres) return;
  crashed.onMyWayJob = await assignedJob();
  crashed.photoJob = await assignedJob([crashed.onMyWayJob]);
  const clientKey = randomUUID();
  crashed.photoKey = photoStorageKey(crashed.photoJob, clientKey, "png");
  crashed.dedupeKey = `crash:${randomUUID()}:sms`;
  crashed.installJob = await jobOnSite();
  const serial = await stockOnt();
  await Promise.all([
    crash("on-my-way", { CRASH_JOB_ID: String(crashed.onMyWayJob) }),
    crash("photo", { CRASH_JOB_ID: String(crashed.photoJob), CRASH_CLIENT_KEY: clientKey }),
    crash("message", { CRASH_DEDUPE_KEY: crashed.dedupeKey }),
    crash("install-check", { CRASH_JOB_ID: String(crashed.installJob), CRASH_SERIAL: serial }),
  ]);
}, 180_000);
afterAll(async () => {
  await runtime?.close();
});

describe("the sweepers' schedules", () => {
  it("run every sweeper periodically", () => {
    expect(SCHEDULES.map((s) => s.queue)).toEqual(
      expect.arrayContaining([
        SWEEP_ON_MY_WAY_QUEUE,
        "sweep.orphan-files",
        "sweep.stale-messages",
        SWEEP_INSTALL_CHECKS_QUEUE,
      ]),
    );
  });
});

describe.skipIf(!onPostgres)("a crash between a job going en route and its SMS being queued", () => {
  it("leaves the job en route with nothing queued; the sweep queues the SMS job once", async () => {
    const jobId = crashed.onMyWayJob;
    const [job] = await db().select().from(dispatchJobs).where(eq(dispatchJobs.id, jobId));
    expect(job!.status).toBe("en_route");
    expect(await runtime.jobs.jobsByKey(ON_MY_WAY_QUEUE, onMyWayJobKey(jobId))).toEqual([]);

    // Within the grace period the normal path may still be on its way: nothing is queued.
    expect((await sweepMissedOnMyWay(runtime)).queued).not.toContain(jobId);
    const swept = await sweepMissedOnMyWay(runtime, { now: minutes(3) });
    expect(swept.queued).toContain(jobId);
    const queued = await runtime.jobs.jobsByKey(ON_MY_WAY_QUEUE, onMyWayJobKey(jobId));
    expect(queued).toHaveLength(1);
    expect(queued[0]!.data).toEqual({ jobId });
    // A second sweep adds no second job (one per dispatch job while one waits).
    await sweepMissedOnMyWay(runtime, { now: minutes(4) });
    expect(await runtime.jobs.jobsByKey(ON_MY_WAY_QUEUE, onMyWayJobKey(jobId))).toHaveLength(1);
    // Hours later the SMS is no longer worth sending.
    expect((await sweepMissedOnMyWay(runtime, { now: minutes(180) })).queued).not.toContain(jobId);
  });
});

describe.skipIf(!onPostgres)("a crash after a photo's file is written, before its transaction commits", () => {
  it("leaves a file nothing refers to; the sweep removes it after the grace period", async () => {
    const key = crashed.photoKey;
    const file = path.join(runtime.config.storage.dir, key);
    expect(existsSync(file)).toBe(true);
    expect(await db().select().from(storageIntents).where(eq(storageIntents.storageKey, key))).toHaveLength(1);

    // Within the grace period the phone may still retry the same upload: the file stays.
    expect((await sweepOrphanFiles(runtime)).removed).not.toContain(key);
    const swept = await sweepOrphanFiles(runtime, { now: minutes(61) });
    expect(swept.removed).toContain(key);
    expect(existsSync(file)).toBe(false);
    expect(await db().select().from(storageIntents).where(eq(storageIntents.storageKey, key))).toEqual([]);
  });
});

describe.skipIf(!onPostgres)("a crash while the provider is being called", () => {
  it("leaves the message claimed; the sweep marks it unknown, audited, in the list a person decides from", async () => {
    const [claimed] = await db()
      .select()
      .from(outboundMessages)
      .where(eq(outboundMessages.dedupeKey, crashed.dedupeKey));
    expect(claimed!.status).toBe("pending");

    expect((await sweepStaleMessages(db())).surfaced).not.toContain(claimed!.id);
    const swept = await sweepStaleMessages(db(), { now: minutes(16) });
    expect(swept.surfaced).toContain(claimed!.id);
    const [after] = await db().select().from(outboundMessages).where(eq(outboundMessages.id, claimed!.id));
    expect(after).toMatchObject({ status: "unknown", providerMessageId: null });
    expect(after!.error).toContain("never answered");
    const audited = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "outbound_message"), eq(auditLog.entityId, String(claimed!.id))));
    expect(audited).toEqual([
      expect.objectContaining({
        actorRealm: "system",
        action: "outbound.marked_unknown",
        changes: { status: { from: "pending", to: "unknown" } },
      }),
    ]);
    expect((await listUndecidedMessages(db(), { limit: 500 })).map((m) => m.id)).toContain(claimed!.id);
  });
});

describe("the orphan-files sweep and a recorded file", () => {
  it("keeps a file a photo row refers to, forgetting only its leftover intent", async () => {
    const jobId = await assignedJob([crashed.onMyWayJob]);
    const clientKey = randomUUID();
    const outcome = await savePhoto(runtime, tech, {
      jobId,
      clientKey,
      caption: "kept",
      image: { bytes: new Uint8Array([137, 80, 78, 71]), type: "image/png", width: 1, height: 1 },
    });
    expect(outcome.accepted).toBe(true);
    const key = photoStorageKey(jobId, clientKey, "png");
    // The commit took the intent with it.
    expect(await db().select().from(storageIntents).where(eq(storageIntents.storageKey, key))).toEqual([]);
    // A replay's intent left behind (say the replay's process died before its transaction).
    await recordStorageIntent(db(), key);
    const swept = await sweepOrphanFiles(runtime, { now: minutes(61) });
    expect(swept.kept).toContain(key);
    expect(swept.removed).not.toContain(key);
    expect(await runtime.storage.get(key)).not.toBeNull();
    expect(await db().select().from(storageIntents).where(eq(storageIntents.storageKey, key))).toEqual([]);
  });
});

describe.skipIf(!onPostgres)("a crash between an install and its network check's job being queued", () => {
  it("leaves the check pending with no job; the sweep runs it once more, then settles it as lost", async () => {
    const [check] = await db().select().from(installChecks).where(eq(installChecks.jobId, crashed.installJob));
    expect(check).toMatchObject({ status: "pending", trigger: "equipment" });
    const key = installCheckKey(check!.id);
    expect(await runtime.jobs.jobsByKey(INSTALL_CHECK_QUEUE, key)).toEqual([]);

    // Within the grace period the normal path may still be on its way: nothing is queued.
    expect((await sweepPendingInstallChecks(runtime)).rerun).not.toContain(check!.id);
    expect((await sweepPendingInstallChecks(runtime, { now: minutes(6) })).rerun).toContain(check!.id);
    const [rerun] = await runtime.jobs.jobsByKey(INSTALL_CHECK_QUEUE, key);
    expect(rerun).toMatchObject({ state: "created", data: { checkId: check!.id, rerun: true } });
    // While the rerun waits or runs, the sweep leaves it alone.
    const waiting = await sweepPendingInstallChecks(runtime, { now: minutes(7) });
    expect([...waiting.rerun, ...waiting.lost]).not.toContain(check!.id);
    expect(await runtime.jobs.jobsByKey(INSTALL_CHECK_QUEUE, key)).toHaveLength(1);

    // The rerun dies too: no third try; the check is settled, and the job's record says why.
    await dieJob(rerun!.id);
    expect((await sweepPendingInstallChecks(runtime, { now: minutes(12) })).lost).toContain(check!.id);
    expect(await checkOf(check!.id)).toMatchObject({ status: "failed", reasonKey: "errors.network.checkLost" });
    expect((await jobRecord(db(), crashed.installJob)).installChecks).toEqual([
      expect.objectContaining({ id: check!.id, status: "failed", reasonKey: "errors.network.checkLost" }),
    ]);
    expect(await runtime.jobs.jobsByKey(INSTALL_CHECK_QUEUE, key)).toHaveLength(1);
  });
});

describe("install checks a dead job left pending", () => {
  it("reruns a check whose job failed every attempt, once", async () => {
    const { checkId } = await pendingCheck();
    const key = installCheckKey(checkId);
    const original = await runtime.jobs.send(INSTALL_CHECK_QUEUE, { checkId }, { singletonKey: key });
    // Queued and not run yet: nothing to repair.
    expect((await sweepPendingInstallChecks(runtime, { now: minutes(6) })).rerun).not.toContain(checkId);
    await dieJob(original!);
    expect((await sweepPendingInstallChecks(runtime, { now: minutes(6) })).rerun).toContain(checkId);
    const jobs = await runtime.jobs.jobsByKey(INSTALL_CHECK_QUEUE, key);
    expect(jobs.map((j) => j.state)).toEqual(["created", "failed"]);
    expect(jobs[0]!.data).toEqual({ checkId, rerun: true });
    expect((await checkOf(checkId)).status).toBe("pending");
  });

  it("settles a check too old to help the technician as lost, without running it", async () => {
    const { checkId, jobId } = await pendingCheck();
    const swept = await sweepPendingInstallChecks(runtime, { now: minutes(180) });
    expect(swept.lost).toContain(checkId);
    expect(swept.rerun).not.toContain(checkId);
    expect(await runtime.jobs.jobsByKey(INSTALL_CHECK_QUEUE, installCheckKey(checkId))).toEqual([]);
    expect(await checkOf(checkId)).toMatchObject({ status: "failed", reasonKey: "errors.network.checkLost" });
    expect((await checkOf(checkId)).checkedAt).not.toBeNull();
    expect((await jobRecord(db(), jobId)).installChecks[0]).toMatchObject({ status: "failed" });
  });

  it("leaves a settled check alone", async () => {
    const { checkId } = await pendingCheck();
    await db().update(installChecks).set({ status: "verified" }).where(eq(installChecks.id, checkId));
    const swept = await sweepPendingInstallChecks(runtime, { now: minutes(180) });
    expect([...swept.rerun, ...swept.lost]).not.toContain(checkId);
    expect((await checkOf(checkId)).status).toBe("verified");
  });
});
