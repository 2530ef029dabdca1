import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import * as Y from "yjs";
import { assignJob, getMaps, moveJob, readJob, resizeJob, type BoardJob } from "../../lib/domain/board";
import type { BenchClient, BenchUser } from "./collab-clients";
import { seededRandom } from "../../lib/domain/seeded-random";

/**
 * The edit load and its measurement. All clients live in this process, so an edit's send time
 * is kept in a map by edit id; the edit also writes that id into the job (`benchEditId`, an
 * extra field readers ignore), and each peer records, once, when its replica observes it.
 */
export const EDIT_FIELD = "benchEditId";

export interface LoadOptions {
  clients: BenchClient[];
  users: BenchUser[];
  jobIds: string[];
  techIds: string[];
  seconds: number;
  warmupSeconds: number;
  editsPerSecond: number;
  seed: number;
  /** How long to wait after the last edit for every peer to observe every edit. */
  drainMs?: number;
}

export interface LoadResult {
  /** Edit-to-peer latencies in ms, one per (measured edit, peer). */
  samples: number[];
  edits: number;
  measuredEdits: number;
  refused: number;
  /** (measured edit, peer) pairs never observed within the drain time. */
  lost: number;
  /** How late the scheduler fired, worst case, in ms: a busy client process shows here. */
  maxSchedulerLagMs: number;
  /** This (client) process's event-loop delay during the load: its stalls count in every sample. */
  clientLoopDelay: { p99Ms: number; maxMs: number };
}

const QUARTER_MS = 15 * 60_000;

/** A start on the 15-minute grid inside the job's window, different from the current one when possible. */
function startInWindow(job: BoardJob, random: () => number): string {
  const from = job.windowStart ? Date.parse(job.windowStart) : NaN;
  const to = job.windowEnd ? Date.parse(job.windowEnd) : NaN;
  const base = Number.isFinite(from) ? from : Date.parse(job.start ?? new Date().toISOString());
  const span = Number.isFinite(to) ? to - base - job.durationMin * 60_000 : 4 * 60 * 60_000;
  const slots = Math.max(1, Math.floor(span / QUARTER_MS) + 1);
  let slot = Math.floor(random() * slots);
  if (job.start && Date.parse(job.start) === base + slot * QUARTER_MS) slot = (slot + 1) % slots;
  return new Date(base + slot * QUARTER_MS).toISOString();
}

/** One dispatcher gesture through the board's own operations, tagged with the edit id, in one transaction. */
function makeEdit(
  doc: Y.Doc,
  jobId: string,
  editId: string,
  userId: string,
  techIds: string[],
  random: () => number,
): boolean {
  const map = getMaps(doc).jobs.get(jobId);
  if (!(map instanceof Y.Map)) return false;
  const job = readJob(map, jobId);
  const pick = random();
  let ok = true;
  doc.transact(() => {
    let result;
    if (pick < 1 / 3) {
      result = resizeJob(doc, jobId, job.durationMin >= 120 ? job.durationMin - 15 : job.durationMin + 15, userId);
    } else if (pick < 2 / 3 && job.techId !== null) {
      result = moveJob(doc, jobId, startInWindow(job, random), userId);
    } else {
      let techId = techIds[Math.floor(random() * techIds.length)]!;
      if (techId === job.techId) techId = techIds[(techIds.indexOf(techId) + 1) % techIds.length]!;
      result = assignJob(doc, jobId, techId, startInWindow(job, random), userId);
    }
    ok = result.ok;
    map.set(EDIT_FIELD, editId);
  }, userId);
  return ok;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export async function runEditLoad(options: LoadOptions): Promise<LoadResult> {
  const { clients, users, jobIds, techIds } = options;
  const random = seededRandom(options.seed);
  const peers = clients.length - 1;
  const sent = new Map<string, { t0: number; from: number; jobId: string; measured: boolean; seenBy: Set<number> }>();
  /**
   * Jobs with an edit some peer has not seen yet. Two edits of one job inside the latency window
   * set the same field concurrently: Yjs keeps one value, and a peer that got the winner first
   * never sees the other's edit id change. That edit was delivered, yet it would count as lost,
   * and more often on the slower server. A dispatcher does not edit a job another is editing at
   * that instant either, so the load picks another job (unless half the board is in flight).
   */
  const busyJobs = new Set<string>();
  const samples: number[] = [];
  let pendingPairs = 0;

  const unobserve = clients.map((client, index) => {
    const jobs = getMaps(client.doc).jobs;
    const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction) => {
      if (transaction.local) return;
      const now = performance.now();
      for (const event of events) {
        if (event.path.length !== 1 || !(event instanceof Y.YMapEvent) || !event.keysChanged.has(EDIT_FIELD)) continue;
        const edit = sent.get(String((event.target as Y.Map<unknown>).get(EDIT_FIELD)));
        if (!edit || edit.from === index || edit.seenBy.has(index)) continue;
        edit.seenBy.add(index);
        if (edit.seenBy.size === peers) busyJobs.delete(edit.jobId);
        if (edit.measured) {
          samples.push(now - edit.t0);
          pendingPairs--;
        }
      }
    };
    jobs.observeDeep(observer);
    return () => jobs.unobserveDeep(observer);
  });

  const intervalMs = 1000 / options.editsPerSecond;
  const total = Math.round(options.seconds * options.editsPerSecond);
  const warmupEdits = Math.round(options.warmupSeconds * options.editsPerSecond);
  let refused = 0;
  let maxLag = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const started = performance.now();
  try {
    for (let n = 0; n < total; n++) {
      const due = started + n * intervalMs;
      await sleep(due - performance.now());
      maxLag = Math.max(maxLag, performance.now() - due);
      const from = Math.floor(random() * clients.length);
      let jobId = jobIds[Math.floor(random() * jobIds.length)]!;
      while (busyJobs.has(jobId) && busyJobs.size < jobIds.length / 2)
        jobId = jobIds[Math.floor(random() * jobIds.length)]!;
      busyJobs.add(jobId);
      const editId = `e${n}`;
      const measured = n >= warmupEdits;
      sent.set(editId, { t0: performance.now(), from, jobId, measured, seenBy: new Set() });
      if (measured) pendingPairs += peers;
      if (!makeEdit(clients[from]!.doc, jobId, editId, users[from]!.id, techIds, random)) refused++;
    }
    const deadline = performance.now() + (options.drainMs ?? 5_000);
    while (pendingPairs > 0 && performance.now() < deadline) await sleep(20);
  } finally {
    loopDelay.disable();
    for (const stop of unobserve) stop();
  }
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  return {
    samples,
    edits: total,
    measuredEdits: total - warmupEdits,
    refused,
    lost: pendingPairs,
    maxSchedulerLagMs: Math.round(maxLag * 100) / 100,
    clientLoopDelay: { p99Ms: ms(loopDelay.percentile(99)), maxMs: ms(loopDelay.max) },
  };
}
