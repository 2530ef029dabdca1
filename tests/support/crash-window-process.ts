/**
 * A product process that dies (SIGKILL, no cleanup) exactly inside one of the windows the
 * sweepers repair (tests/integration/sweepers.test.ts), through the product's services on its
 * database (DATABASE_URL) and file store (FILE_STORAGE_DIR). Then:
 *   CRASH_WINDOW=on-my-way  CRASH_JOB_ID, CRASH_TECH_ID, CRASH_USER_ID: the technician sets the
 *     job en route; the process dies when the "on my way" SMS would be queued, after the commit.
 *   CRASH_WINDOW=photo      CRASH_JOB_ID, CRASH_TECH_ID, CRASH_USER_ID, CRASH_CLIENT_KEY: the
 *     phone's photo upload; the process dies right after the file is written, before the commit.
 *   CRASH_WINDOW=message    CRASH_DEDUPE_KEY: a message is claimed in the send-once ledger; the
 *     process dies while the provider is being called.
 *   CRASH_WINDOW=install-check  CRASH_JOB_ID, CRASH_TECH_ID, CRASH_USER_ID, CRASH_SERIAL: the
 *     technician installs the device; the process dies when its network check's job would be
 *     queued, after the commit that wrote the check pending.
 * Prints "reached" just before it dies; exits 0 ("missed") if it never got there.
 */
import { openDatabase } from "@/server/db/client";
import type { FileStorage } from "@/server/storage/file-storage";
import { LocalDiskStorage } from "@/server/storage/local-disk-storage";
import { createProcessEvents } from "@/server/services/process-events";
import { techAct } from "@/server/services/tech/actions";
import { savePhoto } from "@/server/services/tech/photos";
import { sendOnce } from "@/server/services/messaging/outbound-ledger";

const die = (): never => {
  console.log("reached");
  process.kill(process.pid, "SIGKILL");
  throw new Error("unreachable");
};

// Only what the windows use (no auth realms, no providers): a product process starts slowly.
const database = await openDatabase({ url: process.env.DATABASE_URL, maxConnections: 2 });
const real = new LocalDiskStorage(process.env.FILE_STORAGE_DIR ?? "");
const window = process.env.CRASH_WINDOW;
// The photo window: the object is written, then the process dies inside the transaction.
const storage: FileStorage = {
  put: async (key, bytes, type) => {
    await real.put(key, bytes, type);
    if (window === "photo") die();
  },
  get: (key) => real.get(key),
  delete: (key) => real.delete(key),
};
const runtime = { db: database.db, storage, events: createProcessEvents() };
const jobId = Number(process.env.CRASH_JOB_ID);
const tech = {
  userId: process.env.CRASH_USER_ID ?? "",
  technicianId: Number(process.env.CRASH_TECH_ID),
  name: "crash test",
};

const dyingJobs = { send: () => Promise.resolve(die()), jobsByKey: () => Promise.resolve([]) };

if (window === "on-my-way") {
  const jobs = dyingJobs;
  await techAct({ ...runtime, jobs }, tech, {
    clientKey: `crash-${Date.now()}`,
    jobId,
    action: { kind: "status", status: "en_route" },
  });
} else if (window === "install-check") {
  await techAct({ ...runtime, jobs: dyingJobs }, tech, {
    clientKey: `crash-${Date.now()}`,
    jobId,
    action: { kind: "equipment", operation: "install", serial: process.env.CRASH_SERIAL ?? "" },
  });
} else if (window === "photo") {
  await savePhoto(runtime, tech, {
    jobId,
    clientKey: process.env.CRASH_CLIENT_KEY ?? "",
    caption: null,
    image: { bytes: new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]), type: "image/png", width: 1, height: 1 },
  });
} else if (window === "message") {
  await sendOnce(
    runtime.db,
    {
      dedupeKey: process.env.CRASH_DEDUPE_KEY ?? "",
      channel: "sms",
      recipient: "+15145550123",
      template: "crash_test",
      language: "fr",
    },
    (provider) => provider(() => Promise.resolve(die())),
  );
}
console.log("missed");
process.exit(0);
