/**
 * Reconciliation that scales with the edit, not with the board. The rules are local, which the
 * full reconciler (reconcile.ts) does not use: a job's repair depends only on that job, and its
 * conflicts only on the job, its technician and the other jobs of that technician (its lane). So
 * once a board is reconciled, a later reconcile can only differ for the jobs that changed since
 * and for the jobs of every lane that a changed job left or joined, or whose technician changed.
 *
 * `trackBoard` collects those from the Yjs transactions themselves (the keys each transaction
 * changed in `jobs`, `techs` and `conflicts`, whoever made it: a client, another instance, the
 * server), keeps which lane each job is on, and reconciles only those jobs, through the same
 * `repairJob` and `detectConflicts` as the full reconcile, on a snapshot that holds just the
 * affected lanes. board-reconciler.test.ts checks, after every step of random edit sequences,
 * that it leaves exactly the board the full reconcile leaves.
 *
 * A rule that looks beyond a job's lane (say, two jobs at one address on different lanes) breaks
 * that locality: `affectedLanes` must then widen to what the rule reads, or the property test fails.
 */
import * as Y from "yjs";
import { detectConflicts } from "./conflicts";
import { getMaps, readJob, readTech, sameValue, writeFields, type FieldMap } from "./doc";
import { reconcileBoard, repairJob, type ReconcileResult } from "./reconcile";
import type { BoardConflict, BoardSnapshot } from "./types";

export interface BoardReconciler {
  /**
   * What `reconcileBoard(doc, origin)` would do, computed over what changed since the last call.
   * Precondition: the board was reconciled when tracking started. Inside an open transaction
   * (whose changes the tracker only learns at its end) it reconciles the whole board instead.
   */
  reconcile(origin: unknown): ReconcileResult;
  /** Jobs, technicians and conflict entries changed since the last reconcile (tests, tracing). */
  pending(): { jobs: number; techs: number; conflicts: number };
  /** How many jobs the last incremental reconcile read: the size of the edit's lanes, not of the board. */
  lastExamined(): number;
  /** Stops tracking: later calls reconcile the whole board. */
  destroy(): void;
}

const UNCHANGED: ReconcileResult = { changed: false, repairedJobIds: [], conflictsChanged: false };
const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The root map's keys a transaction touched: an entry added, replaced or deleted, or changed inside. */
function collectKeys(into: Set<string>, events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void {
  for (const event of events) {
    if (event.path.length === 0) {
      for (const key of (event as Y.YMapEvent<unknown>).keysChanged as Set<string>) into.add(key);
    } else {
      into.add(String(event.path[0]));
    }
  }
}

/**
 * A job's lane: its technician as readJob reads it, without reading the rest of the job (the
 * index is built for the whole board when a board loads). The property test holds the two equal.
 */
function laneOfMap(map: FieldMap): string | null {
  const techId = map.get("techId");
  return typeof techId === "string" && techId !== "" ? techId : null;
}

export function trackBoard(doc: Y.Doc): BoardReconciler {
  const { meta, jobs, techs, conflicts } = getMaps(doc);
  const dirtyJobs = new Set<string>();
  const dirtyTechs = new Set<string>();
  const dirtyConflicts = new Set<string>();
  /** Job id → its technician, for the jobs that have one; and each technician's jobs. */
  const laneOf = new Map<string, string>();
  const lanes = new Map<string, Set<string>>();
  let ownTransaction = false;
  let destroyed = false;
  let examined = 0;

  function place(jobId: string, techId: string | null): void {
    const current = laneOf.get(jobId);
    if (current === (techId ?? undefined)) return;
    if (current !== undefined) {
      const lane = lanes.get(current);
      lane?.delete(jobId);
      if (lane?.size === 0) lanes.delete(current);
      laneOf.delete(jobId);
    }
    if (techId === null) return;
    laneOf.set(jobId, techId);
    const lane = lanes.get(techId);
    if (lane) lane.add(jobId);
    else lanes.set(techId, new Set([jobId]));
  }

  // Once, when tracking starts (a board load): the only pass over the whole board.
  for (const [id, map] of jobs.entries()) if (map instanceof Y.Map) place(id, laneOfMap(map));

  // The reconciler's own writes are exactly the state it computed: nothing to redo.
  const onJobs = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    if (!ownTransaction) collectKeys(dirtyJobs, events);
  };
  const onTechs = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    if (!ownTransaction) collectKeys(dirtyTechs, events);
  };
  const onConflicts = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    if (!ownTransaction) collectKeys(dirtyConflicts, events);
  };
  jobs.observeDeep(onJobs);
  techs.observeDeep(onTechs);
  conflicts.observeDeep(onConflicts);

  function reconcile(origin: unknown): ReconcileResult {
    if (destroyed || doc._transaction !== null) {
      examined = jobs.size;
      return reconcileBoard(doc, origin);
    }
    examined = 0;
    if (dirtyJobs.size === 0 && dirtyTechs.size === 0 && dirtyConflicts.size === 0) return UNCHANGED;
    // A conflict entry someone else wrote is checked like its job (or deleted, when no job has that id).
    const touched = new Set([...dirtyJobs, ...dirtyConflicts]);
    const affectedLanes = new Set(dirtyTechs);
    dirtyJobs.clear();
    dirtyTechs.clear();
    dirtyConflicts.clear();

    for (const id of touched) {
      const previous = laneOf.get(id);
      if (previous !== undefined) affectedLanes.add(previous);
      const map = jobs.get(id);
      const techId = map instanceof Y.Map ? laneOfMap(map) : null;
      place(id, techId);
      if (techId !== null) affectedLanes.add(techId);
    }

    // The part of the board the rules read for these jobs: them, and every job of their lanes.
    const date = meta.get("date");
    const snapshot: BoardSnapshot = { date: typeof date === "string" ? date : "", techs: {}, jobs: {}, conflicts: {} };
    const writes: Array<[string, FieldMap, Record<string, unknown>]> = [];
    const include = (id: string) => {
      const map = jobs.get(id);
      if (!(map instanceof Y.Map) || snapshot.jobs[id]) return;
      const { desired, diff } = repairJob(map, readJob(map, id));
      if (Object.keys(diff).length > 0) writes.push([id, map, diff]);
      snapshot.jobs[id] = desired;
    };
    for (const id of touched) include(id);
    for (const techId of affectedLanes) {
      const map = techs.get(techId);
      if (map instanceof Y.Map) snapshot.techs[techId] = readTech(map, techId);
      for (const id of lanes.get(techId) ?? []) include(id);
    }

    examined = Object.keys(snapshot.jobs).length;
    const next = detectConflicts(snapshot);
    const conflictWrites: Array<[string, BoardConflict[] | null]> = [];
    const compare = (id: string) => {
      const list = next[id];
      if (!list?.length) {
        if (conflicts.has(id)) conflictWrites.push([id, null]);
      } else if (!sameValue(conflicts.get(id), list)) conflictWrites.push([id, list]);
    };
    for (const id of Object.keys(snapshot.jobs)) compare(id);
    // Touched keys that are no job (deleted, or never a map) keep no entry.
    for (const id of touched) if (!snapshot.jobs[id]) compare(id);

    if (writes.length === 0 && conflictWrites.length === 0) return UNCHANGED;
    ownTransaction = true;
    try {
      doc.transact(() => {
        for (const [, map, diff] of writes) writeFields(map, diff);
        for (const [id, list] of conflictWrites)
          if (list === null) conflicts.delete(id);
          else
            conflicts.set(
              id,
              list.map((c) => ({ ...c })),
            );
      }, origin);
    } finally {
      ownTransaction = false;
    }
    return {
      changed: true,
      repairedJobIds: writes.map(([id]) => id).sort(byString),
      conflictsChanged: conflictWrites.length > 0,
    };
  }

  return {
    reconcile,
    pending: () => ({ jobs: dirtyJobs.size, techs: dirtyTechs.size, conflicts: dirtyConflicts.size }),
    lastExamined: () => examined,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      jobs.unobserveDeep(onJobs);
      techs.unobserveDeep(onTechs);
      conflicts.unobserveDeep(onConflicts);
    },
  };
}
