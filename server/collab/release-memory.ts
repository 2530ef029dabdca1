/**
 * A board's document is tens of MB of small objects (a Yjs item per field value, tombstones
 * included). Once a board is unloaded they are garbage, but V8 collects its old generation
 * lazily and grows the heap instead: each unload and reload added about a board's size to the
 * process's peak RSS (collab bench, five cold loads: 280 → 440 MB). One full collection shortly
 * after an unload keeps the peak where it was (227 MB in the same run; the heap after it came
 * back to 49 MB load after load, so nothing was retained).
 *
 * It needs `--expose-gc`, which `npm start` passes (scripts/start.mjs); without it (tests, dev)
 * this does nothing. Unloads are rare (the last dispatcher closed the day's board) and a full
 * collection of a heap this size takes tens of milliseconds, so it is not worth more machinery.
 */
/**
 * Out of the unload hook (Hocuspocus still holds the document while it runs), and at once: a
 * dispatcher reopening the board must not find the garbage still there, nor the collection landing
 * in the middle of the new load. At 100 ms, back-to-back cold loads (bench collab, 8 ms apart) had
 * it run during the read of the stored board, up to 150 ms before the client got its first sync.
 */
export const COLLECT_AFTER_MS = 0;

let scheduled: NodeJS.Timeout | null = null;

/** Schedules one full collection (unloads while one is scheduled share it); returns whether one can run. */
export function collectGarbageSoon(): boolean {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (typeof collect !== "function") return false;
  if (scheduled) return true;
  scheduled = setTimeout(() => {
    scheduled = null;
    collect();
  }, COLLECT_AFTER_MS);
  // Never what keeps a closing process alive.
  scheduled.unref();
  return true;
}
