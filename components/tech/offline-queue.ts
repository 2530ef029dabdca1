/**
 * Every change the technician makes goes through this queue, online or not: it is stored in
 * IndexedDB first (so it survives a reload, a dead battery, a closed tab), then replayed to the
 * server in the order it was made, one at a time. Each entry carries the client key the server
 * deduplicates on, so a replay that was in fact received the first time is stored once.
 *
 * - accepted or replayed → the entry is removed;
 * - refused (reassigned, closed, bad MAC…) → removed, and a notice is kept for the technician;
 * - no answer, 5xx, expired session → kept, retried with backoff; later changes of the same
 *   job wait behind it so their order holds.
 */
import type { TechAction } from "@/lib/schemas/tech";
import { done, kvGet, kvSet, QUEUE_STORE, store } from "./idb";
import { backoffMs, type SendResult, type TechChange } from "./tech-state";

export type QueuePayload =
  | { type: "action"; action: TechAction; materialName?: string }
  | { type: "photo"; image: Blob; caption: string | null };

export interface QueueEntry {
  seq?: number;
  userId: string;
  clientKey: string;
  jobId: number;
  createdAt: string;
  attempts: number;
  lastError: string | null;
  /** Epoch ms before which the entry is not retried. */
  notBefore: number;
  payload: QueuePayload;
}

/** A refusal the technician must see: their change was not applied. */
export interface Notice {
  id: string;
  jobId: number;
  code: string;
  message: string;
  at: string;
  key?: string;
  params?: Record<string, string | number>;
}

export interface Senders {
  action: (entry: QueueEntry & { payload: { type: "action" } }) => Promise<SendResult>;
  photo: (entry: QueueEntry & { payload: { type: "photo" } }) => Promise<SendResult>;
}

export interface ReplayReport {
  stored: QueueEntry[];
  refused: Notice[];
  waiting: number;
}

export function newClientKey(): string {
  return typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A new change, with its client key, before it is stored (the screen shows it at once). */
export function createEntry(userId: string, jobId: number, payload: QueuePayload): QueueEntry {
  return {
    userId,
    clientKey: newClientKey(),
    jobId,
    createdAt: new Date().toISOString(),
    attempts: 0,
    lastError: null,
    notBefore: 0,
    payload,
  };
}

export async function enqueue(entry: QueueEntry): Promise<QueueEntry> {
  const { seq: _seq, ...fresh } = entry;
  const seq = (await done((await store(QUEUE_STORE, "readwrite")).add(fresh))) as number;
  return { ...fresh, seq };
}

export async function queuedEntries(userId: string): Promise<QueueEntry[]> {
  const entries = (await done((await store(QUEUE_STORE, "readonly")).index("byUser").getAll(userId))) as QueueEntry[];
  return entries.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

async function remove(seq: number): Promise<void> {
  await done((await store(QUEUE_STORE, "readwrite")).delete(seq));
}

async function update(entry: QueueEntry): Promise<void> {
  await done((await store(QUEUE_STORE, "readwrite")).put(entry));
}

/** The entry as the optimistic day applies it. */
export function changeOf(entry: QueueEntry, previewUrl: string | null = null): TechChange {
  const base = { clientKey: entry.clientKey, jobId: entry.jobId, createdAt: entry.createdAt };
  return entry.payload.type === "action"
    ? { ...base, type: "action", action: entry.payload.action, materialName: entry.payload.materialName }
    : { ...base, type: "photo", caption: entry.payload.caption, previewUrl };
}

const noticesKey = (userId: string) => `notices:${userId}`;

export async function loadNotices(userId: string): Promise<Notice[]> {
  return (await kvGet<Notice[]>(noticesKey(userId))) ?? [];
}

/** One notice per job and reason: five refused changes of a reassigned job say it once. */
export async function addNotices(userId: string, notices: Notice[]): Promise<Notice[]> {
  const kept = await loadNotices(userId);
  for (const notice of notices) {
    if (!kept.some((k) => k.jobId === notice.jobId && k.code === notice.code)) kept.push(notice);
  }
  await kvSet(noticesKey(userId), kept);
  return kept;
}

export async function dismissNotice(userId: string, id: string): Promise<Notice[]> {
  const kept = (await loadNotices(userId)).filter((notice) => notice.id !== id);
  await kvSet(noticesKey(userId), kept);
  return kept;
}

/** Where the queue lives: IndexedDB on the phone, a Map in the unit tests. */
export interface QueueStore {
  entries: (userId: string) => Promise<QueueEntry[]>;
  update: (entry: QueueEntry) => Promise<void>;
  remove: (seq: number) => Promise<void>;
}

export const indexedDbQueue: QueueStore = { entries: queuedEntries, update, remove };

const running = new Map<string, { run: Promise<ReplayReport>; again: boolean }>();

/**
 * Replays the user's queue. A call during a run asks for one more run after it, so a change
 * queued meanwhile is not left for the next timer; the reports of both runs are merged.
 */
export function replay(
  userId: string,
  senders: Senders,
  options: { store?: QueueStore; now?: () => number } = {},
): Promise<ReplayReport> {
  const { store = indexedDbQueue, now = Date.now } = options;
  const current = running.get(userId);
  if (current) {
    current.again = true;
    return current.run;
  }
  const state = { run: Promise.resolve<ReplayReport>({ stored: [], refused: [], waiting: 0 }), again: false };
  state.run = (async () => {
    const total: ReplayReport = { stored: [], refused: [], waiting: 0 };
    try {
      do {
        state.again = false;
        const report = await replayOnce(store, userId, senders, now);
        total.stored.push(...report.stored);
        total.refused.push(...report.refused);
        total.waiting = report.waiting;
      } while (state.again);
    } finally {
      running.delete(userId);
    }
    return total;
  })();
  running.set(userId, state);
  return state.run;
}

async function replayOnce(
  store: QueueStore,
  userId: string,
  senders: Senders,
  now: () => number,
): Promise<ReplayReport> {
  const report: ReplayReport = { stored: [], refused: [], waiting: 0 };
  const blocked = new Set<number>();
  for (const entry of await store.entries(userId)) {
    if (blocked.has(entry.jobId) || entry.notBefore > now()) {
      blocked.add(entry.jobId);
      report.waiting += 1;
      continue;
    }
    const result =
      entry.payload.type === "action"
        ? await senders.action(entry as QueueEntry & { payload: { type: "action" } })
        : await senders.photo(entry as QueueEntry & { payload: { type: "photo" } });
    if (result.kind === "retry") {
      const attempts = entry.attempts + 1;
      await store.update({ ...entry, attempts, lastError: result.error, notBefore: now() + backoffMs(attempts) });
      blocked.add(entry.jobId);
      report.waiting += 1;
      continue;
    }
    await store.remove(entry.seq!);
    if (result.kind === "stored") report.stored.push(entry);
    else
      report.refused.push({
        id: entry.clientKey,
        jobId: entry.jobId,
        code: result.code,
        message: result.message,
        at: new Date(now()).toISOString(),
        ...(result.key ? { key: result.key, params: result.params ?? {} } : {}),
      });
  }
  return report;
}

/** A retry right now (the network came back): forget the backoff of waiting entries. */
export async function clearBackoff(userId: string): Promise<void> {
  for (const entry of await queuedEntries(userId)) {
    if (entry.notBefore > 0) await update({ ...entry, notBefore: 0 });
  }
}
