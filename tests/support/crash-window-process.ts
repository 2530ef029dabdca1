/**
 * A product process that dies (SIGKILL, no cleanup) exactly inside one of the windows the
 * sweepers repair (tests/integration/sweepers.test.ts). Reads the product's environment
 * (DATABASE_URL, FILE_STORAGE_DIR, AUTH_SECRET, APP_ENCRYPTION_KEY) and:
 *   CRASH_WINDOW=on-my-way  CRASH_JOB_ID, CRASH_TECH_ID, CRASH_USER_ID: the technician sets the
 *     job en route; the process dies when the "on my way" SMS would be queued, after the commit.
 *   CRASH_WINDOW=photo      CRASH_JOB_ID, CRASH_TECH_ID, CRASH_USER_ID, CRASH_CLIENT_KEY: the
 *     phone's photo upload; the process dies right after the file is written, before the commit.
 *   CRASH_WINDOW=message    CRASH_DEDUPE_KEY: a message is claimed in the send-once ledger; the
 *     process dies while the provider is being called.
 * Prints "reached" just before it dies; exits 0 ("missed") if it never got there.
 */
import { loadConfig } from "@/server/config";
import { createRuntime } from "@/server/runtime";
import { createFileStorage } from "@/server/storage";
import type { FileStorage } from "@/server/storage";
import { techAct } from "@/server/services/tech/actions";
import { savePhoto } from "@/server/services/tech/photos";
import { sendOnce } from "@/server/services/messaging/outbound-ledger";

const die = (): never => {
  console.log("reached");
  process.kill(process.pid, "SIGKILL");
  throw new Error("unreachable");
};

const config = loadConfig();
const real = createFileStorage(config);
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
const runtime = await createRuntime(config, { storage });
const jobId = Number(process.env.CRASH_JOB_ID);
const tech = {
  userId: process.env.CRASH_USER_ID ?? "",
  technicianId: Number(process.env.CRASH_TECH_ID),
  name: "crash test",
};

if (window === "on-my-way") {
  const jobs = { send: () => Promise.resolve(die()), jobsByKey: () => Promise.resolve([]) };
  await techAct({ ...runtime, jobs }, tech, {
    clientKey: `crash-${Date.now()}`,
    jobId,
    action: { kind: "status", status: "en_route" },
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
