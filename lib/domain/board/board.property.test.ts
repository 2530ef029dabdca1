/**
 * Replicas of one board edit concurrently and exchange updates in any order, with duplicates.
 * Whatever the schedule, they must converge, and one reconcile pass on one replica (synced to
 * the others) must leave a board that obeys the cross-field rules.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as Y from "yjs";
import { assignJob, moveJob, resizeJob, setJobStatus, unassignJob } from "./operations";
import { normalizeJob, reconcileBoard } from "./reconcile";
import { getMaps, readBoard } from "./doc";
import { addMinutes } from "./time";
import { boardDoc, job, tech } from "./test-fixtures";
import { JOB_STATUSES, type BoardSnapshot } from "./types";

const TECHS = ["t1", "t2", "t3"];
const JOBS = ["j1", "j2", "j3", "j4", "j5"];
const DAY_START = "2026-06-15T12:00:00.000Z";
const REMOTE = Symbol("remote");

function seedUpdate(): Uint8Array {
  const seed = boardDoc(
    [tech("t1", { skills: ["fiber", "splice"] }), tech("t2"), tech("t3", { skills: [] })],
    JOBS.map((id, i) =>
      job(
        id,
        i < 2
          ? { status: "assigned", techId: TECHS[i]!, start: addMinutes(DAY_START, 60 * i), skills: ["fiber"] }
          : { windowStart: addMinutes(DAY_START, 60), windowEnd: addMinutes(DAY_START, 300) },
      ),
    ),
    1000,
  );
  return Y.encodeStateAsUpdate(seed);
}

const jobId = fc.constantFrom(...JOBS);
const when = fc.integer({ min: 0, max: 600 }).map((m) => addMinutes(DAY_START, m));
const operation = fc.oneof(
  fc.record({
    kind: fc.constant("assign" as const),
    jobId,
    techId: fc.constantFrom(...TECHS, "ghost"),
    start: fc.option(when),
  }),
  fc.record({ kind: fc.constant("unassign" as const), jobId }),
  fc.record({ kind: fc.constant("move" as const), jobId, start: when }),
  fc.record({ kind: fc.constant("resize" as const), jobId, durationMin: fc.integer({ min: -30, max: 800 }) }),
  fc.record({ kind: fc.constant("status" as const), jobId, status: fc.constantFrom(...JOB_STATUSES) }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;
// Deliveries during the run pick an update and a target at random: out of order, repeated,
// and interleaved with edits, so replicas edit on top of partial knowledge.
const step = fc.oneof(
  fc.record({ type: fc.constant("op" as const), replica: fc.nat(), op: operation }),
  fc.record({ type: fc.constant("deliver" as const), update: fc.nat(), target: fc.nat() }),
);

function apply(doc: Y.Doc, op: Operation, userId: string): void {
  switch (op.kind) {
    case "assign":
      assignJob(doc, op.jobId, op.techId, op.start, userId);
      break;
    case "unassign":
      unassignJob(doc, op.jobId, userId);
      break;
    case "move":
      moveJob(doc, op.jobId, op.start, userId);
      break;
    case "resize":
      resizeJob(doc, op.jobId, op.durationMin, userId);
      break;
    case "status":
      setJobStatus(doc, op.jobId, op.status, userId);
      break;
  }
}

function makeReplicas(count: number) {
  const seed = seedUpdate();
  const log: Uint8Array[] = [];
  const replicas = Array.from({ length: count }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = i + 1; // fixed ids make a failing schedule replay identically
    Y.applyUpdate(doc, seed, REMOTE);
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) log.push(update);
    });
    return doc;
  });
  return { replicas, log };
}

/** Every update to every replica, in an order and with repeats drawn from `keys`. */
function flush(replicas: Y.Doc[], log: Uint8Array[], keys: number[], repeats: number[]): void {
  replicas.forEach((doc, r) => {
    const order = log
      .map((_, k) => k)
      .sort((a, b) => keys[(a + r) % keys.length]! - keys[(b + r) % keys.length]! || a - b);
    for (const k of order) Y.applyUpdate(doc, log[k]!, REMOTE);
    for (const k of repeats) if (log.length > 0) Y.applyUpdate(doc, log[k % log.length]!, REMOTE);
  });
}

function expectConverged(replicas: Y.Doc[]): BoardSnapshot {
  const first = readBoard(replicas[0]!);
  const vector = Y.encodeStateVector(replicas[0]!);
  for (const doc of replicas.slice(1)) {
    expect(readBoard(doc)).toEqual(first);
    expect(Y.encodeStateVector(doc)).toEqual(vector);
  }
  return first;
}

describe("board replicas", () => {
  it("converge under any delivery schedule, and one reconcile leaves a consistent board", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 5 }),
        fc.array(step, { maxLength: 40 }),
        fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (count, steps, keys, repeats) => {
          const { replicas, log } = makeReplicas(count);
          const assignedTechs = new Map<string, Set<string | null>>(
            JOBS.map((id, i) => [id, new Set([null, i < 2 ? TECHS[i]! : null])]),
          );
          for (const s of steps) {
            if (s.type === "op") {
              if (s.op.kind === "assign") assignedTechs.get(s.op.jobId)!.add(s.op.techId);
              apply(replicas[s.replica % count]!, s.op, `user${s.replica % count}`);
            } else if (log.length > 0) {
              Y.applyUpdate(replicas[s.target % count]!, log[s.update % log.length]!, REMOTE);
            }
          }
          flush(replicas, log, keys, repeats);
          const merged = expectConverged(replicas);

          // One lead technician: techId is one register, holding a value some replica wrote.
          for (const id of JOBS) {
            const raw = getMaps(replicas[0]!).jobs.get(id)!.get("techId");
            expect(raw === null || typeof raw === "string").toBe(true);
            expect(assignedTechs.get(id)!.has(merged.jobs[id]!.techId)).toBe(true);
          }

          const before = log.length;
          reconcileBoard(replicas[0]!, "reconciler");
          const fixes = log.slice(before);
          replicas.slice(1).forEach((doc) => [...fixes, ...fixes].forEach((u) => Y.applyUpdate(doc, u, REMOTE)));
          const board = expectConverged(replicas);

          for (const j of Object.values(board.jobs)) {
            expect(normalizeJob(j)).toBeNull();
            if (j.status === "assigned" || j.status === "en_route" || j.status === "on_site")
              expect(j.techId).not.toBeNull();
            if (j.status === "unassigned") expect([j.techId, j.start]).toEqual([null, null]);
          }
          expect(reconcileBoard(replicas[1 % count]!, "reconciler").changed).toBe(false);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("two or more concurrent assigns of one job converge to a single technician", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TECHS), { minLength: 2, maxLength: 5 }),
        fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 10 }),
        (choices, keys) => {
          const { replicas, log } = makeReplicas(choices.length);
          choices.forEach((techId, r) =>
            expect(assignJob(replicas[r]!, "j3", techId, null, `user${r}`)).toEqual({ ok: true }),
          );
          flush(replicas, log, keys, [0]);
          const board = expectConverged(replicas);
          expect(choices).toContain(board.jobs.j3!.techId);
          expect(board.jobs.j3!.status).toBe("assigned");
        },
      ),
      { numRuns: 50 },
    );
  });
});
