/**
 * Random board edits for property tests: every operation a dispatcher or the server makes,
 * technicians and jobs added, removed and replaced, and what a foreign or buggy client may write
 * (malformed values, an entry that is not a map).
 */
import fc from "fast-check";
import * as Y from "yjs";
import { getMaps, removeJob, removeTech, upsertJob, upsertTech } from "./doc";
import { assignJob, moveJob, resizeJob, setJobLocked, setJobStatus, unassignJob } from "./operations";
import { addMinutes } from "./time";
import { tech } from "./test-fixtures";
import { JOB_STATUSES } from "./types";

export const DAY_START = "2026-06-15T12:00:00.000Z";
export const TECHS = ["t1", "t2", "t3", "t4"];
export const JOBS = ["j1", "j2", "j3", "j4", "j5", "j6", "j7", "j8"];
export const ALL_JOBS = [...JOBS, "j9", "j10"];

const jobId = fc.constantFrom(...ALL_JOBS);
const techId = fc.constantFrom(...TECHS, "ghost");
const when = fc.integer({ min: -8, max: 48 }).map((q) => addMinutes(DAY_START, 15 * q));
const rawValue = fc.constantFrom<unknown>("bogus", "", 42, 9, 0, -15, 12.5, "9am", "fiber", null, true, "t1", "ghost", [
  "fiber",
  "aerial",
]);
export const boardEdit = fc.oneof(
  fc.record({ kind: fc.constant("assign" as const), jobId, techId, start: fc.option(when) }),
  fc.record({ kind: fc.constant("unassign" as const), jobId }),
  fc.record({ kind: fc.constant("move" as const), jobId, start: when }),
  fc.record({ kind: fc.constant("resize" as const), jobId, durationMin: fc.integer({ min: -30, max: 800 }) }),
  fc.record({ kind: fc.constant("status" as const), jobId, status: fc.constantFrom(...JOB_STATUSES) }),
  fc.record({ kind: fc.constant("lock" as const), jobId, locked: fc.boolean() }),
  fc.record({
    kind: fc.constant("techSkills" as const),
    techId: fc.constantFrom(...TECHS),
    skills: fc.subarray(["fiber", "splice", "aerial"]),
  }),
  fc.record({
    kind: fc.constant("techShift" as const),
    techId: fc.constantFrom(...TECHS),
    start: fc.option(when),
    end: fc.option(when),
  }),
  fc.record({ kind: fc.constant("removeTech" as const), techId }),
  fc.record({ kind: fc.constant("addTech" as const), techId: fc.constantFrom(...TECHS, "t5", "ghost") }),
  fc.record({
    kind: fc.constant("upsertJob" as const),
    jobId,
    techId: fc.option(techId),
    start: fc.option(when),
    window: fc.option(when),
  }),
  fc.record({ kind: fc.constant("removeJob" as const), jobId }),
  fc.record({
    kind: fc.constant("raw" as const),
    jobId,
    field: fc.constantFrom("status", "techId", "start", "durationMin", "priority", "skills", "locked", "windowEnd"),
    value: rawValue,
  }),
  fc.record({ kind: fc.constant("replaceJob" as const), jobId, techId: fc.option(techId), start: fc.option(when) }),
  fc.record({ kind: fc.constant("notAMap" as const), jobId }),
);
export type BoardEdit = typeof boardEdit extends fc.Arbitrary<infer T> ? T : never;

export function applyBoardEdit(doc: Y.Doc, e: BoardEdit, user: string): void {
  const { jobs, techs } = getMaps(doc);
  switch (e.kind) {
    case "assign":
      assignJob(doc, e.jobId, e.techId, e.start, user);
      break;
    case "unassign":
      unassignJob(doc, e.jobId, user);
      break;
    case "move":
      moveJob(doc, e.jobId, e.start, user);
      break;
    case "resize":
      resizeJob(doc, e.jobId, e.durationMin, user);
      break;
    case "status":
      setJobStatus(doc, e.jobId, e.status, user);
      break;
    case "lock":
      setJobLocked(doc, e.jobId, e.locked, user);
      break;
    case "techSkills":
      if (techs.get(e.techId) instanceof Y.Map) upsertTech(doc, { id: e.techId, skills: e.skills });
      break;
    case "techShift":
      if (techs.get(e.techId) instanceof Y.Map)
        upsertTech(doc, { id: e.techId, shiftStart: e.start ?? "", shiftEnd: e.end ?? "9am" });
      break;
    case "removeTech":
      removeTech(doc, e.techId);
      break;
    case "addTech":
      upsertTech(doc, tech(e.techId, { skills: ["fiber"] }));
      break;
    case "upsertJob":
      upsertJob(doc, {
        id: e.jobId,
        title: `Job ${e.jobId}`,
        techId: e.techId,
        start: e.start,
        windowStart: e.window,
        windowEnd: e.window === null ? null : addMinutes(e.window, 90),
      });
      break;
    case "removeJob":
      removeJob(doc, e.jobId);
      break;
    case "raw": {
      const map = jobs.get(e.jobId);
      if (map instanceof Y.Map) map.set(e.field, e.value);
      break;
    }
    case "replaceJob": {
      const map = new Y.Map<unknown>();
      doc.transact(() => {
        jobs.set(e.jobId, map);
        map.set("title", "replaced");
        map.set("status", "assigned");
        map.set("techId", e.techId);
        map.set("start", e.start);
      });
      break;
    }
    case "notAMap":
      (jobs as Y.Map<unknown>).set(e.jobId, 5);
      break;
  }
}

/**
 * Batches of edits, each made on the server's replica or on a client's copy, the client catching
 * up with the server before a batch or not (its copy goes stale), and sending its edits at the end
 * of a batch or not (tests that forward them at once ignore `clientSends`).
 */
export const editBatches = fc.array(
  fc.record({
    edits: fc.array(fc.record({ edit: boardEdit, fromClient: fc.boolean() }), { minLength: 1, maxLength: 4 }),
    clientCatchesUp: fc.boolean(),
    clientSends: fc.boolean(),
  }),
  { minLength: 1, maxLength: 25 },
);

/** What `from` holds that `to` lacks, applied to `to` with `origin`. */
export function sendMissing(from: Y.Doc, to: Y.Doc, origin: unknown): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), origin);
}

/** A client's copy of the server's board (client id 2), holding what the server holds now. */
export function clientCopyOf(server: Y.Doc, origin: unknown): Y.Doc {
  const client = new Y.Doc();
  client.clientID = 2;
  sendMissing(server, client, origin);
  return client;
}
