/**
 * Reconciliation that scales with the edit, not with the board. A job's repair depends only on
 * that job (reconcile.ts), so once a board is reconciled, a later reconcile can only differ for
 * the jobs that changed since. `trackBoard` collects those from the Yjs transactions themselves
 * (the keys each transaction changed in `jobs`, whoever made it: a client, another instance, the
 * server) and repairs only them, through the same `repairsOf` as the full reconcile.
 * board-reconciler.test.ts checks, after every step of random edit sequences, that it leaves
 * exactly the board the full reconcile leaves.
 *
 * A rule that reads beyond its own job (say, two jobs at one address) breaks that locality: the
 * jobs collected must then widen to what the rule reads, or the property test fails. Conflicts
 * are such rules, and are not written to the document at all (types.ts).
 */
import type * as Y from "yjs";
import { getMaps } from "./doc";
import { applyRepairs, reconcileBoard, repairsOf, type ReconcileResult } from "./reconcile";

export interface BoardReconciler {
  /**
   * What `reconcileBoard(doc, origin)` would do, computed over what changed since the last call.
   * Precondition: the board was reconciled when tracking started. Inside an open transaction
   * (whose changes the tracker only learns at its end) it reconciles the whole board instead.
   */
  reconcile(origin: unknown): ReconcileResult;
  /** Jobs changed since the last reconcile (tests, tracing). */
  pending(): number;
  /** How many jobs the last incremental reconcile read: the edit's jobs, not the board. */
  lastExamined(): number;
  /** Stops tracking: later calls reconcile the whole board. */
  destroy(): void;
}

const UNCHANGED: ReconcileResult = { changed: false, repairedJobIds: [] };

/** The jobs a transaction touched: an entry added, replaced or deleted, or a field changed inside. */
function collectKeys(into: Set<string>, events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void {
  for (const event of events) {
    if (event.path.length === 0) {
      for (const key of (event as Y.YMapEvent<unknown>).keysChanged as Set<string>) into.add(key);
    } else {
      into.add(String(event.path[0]));
    }
  }
}

export function trackBoard(doc: Y.Doc): BoardReconciler {
  const { jobs } = getMaps(doc);
  const dirtyJobs = new Set<string>();
  let ownTransaction = false;
  let destroyed = false;
  let examined = 0;

  // The reconciler's own writes are exactly the state it computed: nothing to redo.
  const onJobs = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    if (!ownTransaction) collectKeys(dirtyJobs, events);
  };
  jobs.observeDeep(onJobs);

  function reconcile(origin: unknown): ReconcileResult {
    if (destroyed || doc._transaction !== null) {
      examined = jobs.size;
      return reconcileBoard(doc, origin);
    }
    examined = dirtyJobs.size;
    if (dirtyJobs.size === 0) return UNCHANGED;
    const writes = repairsOf(jobs, dirtyJobs);
    dirtyJobs.clear();
    ownTransaction = true;
    try {
      return applyRepairs(doc, writes, origin);
    } finally {
      ownTransaction = false;
    }
  }

  return {
    reconcile,
    pending: () => dirtyJobs.size,
    lastExamined: () => examined,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      jobs.unobserveDeep(onJobs);
    },
  };
}
