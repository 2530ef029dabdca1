import { describe, expect, it } from "vitest";
import { TECH_REFUSALS, type TechAction, type TechActOutcome } from "@/lib/schemas/tech";
import { changeOf, createEntry, replay, type QueueEntry, type QueueStore, type Senders } from "./offline-queue";
import { resultOfOutcome, type SendResult } from "./tech-state";

/** The queue in a Map, as IndexedDB keeps it: ordered by an auto-incremented seq. */
function memoryStore(entries: QueueEntry[]): QueueStore & { rows: Map<number, QueueEntry> } {
  const rows = new Map<number, QueueEntry>(entries.map((entry, i) => [i + 1, { ...entry, seq: i + 1 }]));
  return {
    rows,
    entries: (userId) =>
      Promise.resolve([...rows.values()].filter((e) => e.userId === userId).sort((a, b) => a.seq! - b.seq!)),
    update: (entry) => {
      rows.set(entry.seq!, entry);
      return Promise.resolve();
    },
    remove: (seq) => {
      rows.delete(seq);
      return Promise.resolve();
    },
  };
}

const status = (s: "en_route" | "on_site" | "done"): TechAction => ({ kind: "status", status: s });
const entry = (jobId: number, action: TechAction, userId = "u1") =>
  createEntry(userId, jobId, { type: "action", action });

/** A server that answers from a script, keyed by what was sent, and records the order of arrival. */
function scripted(answer: (e: QueueEntry) => SendResult): Senders & { sent: string[] } {
  const sent: string[] = [];
  const send = (e: QueueEntry) => {
    sent.push(
      `${e.jobId}:${e.payload.type === "action" ? ((e.payload.action as { status?: string }).status ?? e.payload.action.kind) : "photo"}`,
    );
    return Promise.resolve(answer(e));
  };
  return { sent, action: send, photo: send };
}

describe("replay", () => {
  it("sends in order, removes what the server stored (first time or replay)", async () => {
    const store = memoryStore([
      entry(1, status("en_route")),
      entry(1, status("on_site")),
      entry(2, status("en_route")),
    ]);
    const server = scripted(() => ({ kind: "stored" }));
    const report = await replay("u1", server, { store });
    expect(server.sent).toEqual(["1:en_route", "1:on_site", "2:en_route"]);
    expect(report.stored).toHaveLength(3);
    expect(store.rows.size).toBe(0);
  });

  it("drops a refused change with a notice, and goes on", async () => {
    const store = memoryStore([entry(1, status("on_site")), entry(1, status("done")), entry(2, status("en_route"))]);
    const server = scripted((e) =>
      e.jobId === 1 ? { kind: "refused", code: "reassigned", message: "Job 1 was reassigned" } : { kind: "stored" },
    );
    const report = await replay("u1", server, { store, now: () => 1_000 });
    expect(report.refused.map((n) => [n.jobId, n.code])).toEqual([
      [1, "reassigned"],
      [1, "reassigned"],
    ]);
    expect(report.stored.map((e) => e.jobId)).toEqual([2]);
    expect(store.rows.size).toBe(0);
  });

  it("keeps a change the server did not answer, with backoff; later changes of that job wait, other jobs go", async () => {
    const store = memoryStore([entry(1, status("on_site")), entry(1, status("done")), entry(2, status("en_route"))]);
    const server = scripted((e) => (e.jobId === 1 ? { kind: "retry", error: "Failed to fetch" } : { kind: "stored" }));
    const report = await replay("u1", server, { store, now: () => 10_000 });
    expect(server.sent).toEqual(["1:on_site", "2:en_route"]);
    expect(report.waiting).toBe(2);
    const kept = [...store.rows.values()];
    expect(kept.map((e) => [e.jobId, e.attempts, e.lastError, e.notBefore])).toEqual([
      [1, 1, "Failed to fetch", 12_000],
      [1, 0, null, 0],
    ]);

    // Before the backoff ends nothing is sent; after it, both go in order.
    const early = scripted(() => ({ kind: "stored" }));
    await replay("u1", early, { store, now: () => 11_000 });
    expect(early.sent).toEqual([]);
    const later = scripted(() => ({ kind: "stored" }));
    await replay("u1", later, { store, now: () => 12_000 });
    expect(later.sent).toEqual(["1:on_site", "1:done"]);
    expect(store.rows.size).toBe(0);
  });

  it("drops a 'done' refused for unticked required items with its own notice; the next changes of the job still go", async () => {
    const refusal: TechActOutcome = {
      accepted: false,
      replayed: false,
      code: "checklist_incomplete",
      message: "1 required checklist item(s) not ticked: Signal",
      key: "errors.tech.requiredChecklistItems",
      params: { count: 1, items: "Signal" },
    };
    const done = entry(1, status("done"));
    const tick = entry(1, { kind: "checklist", itemId: 5, done: true });
    const store = memoryStore([done, tick]);
    const server = scripted((e) => (e.clientKey === done.clientKey ? resultOfOutcome(refusal) : { kind: "stored" }));
    const report = await replay("u1", server, { store, now: () => 5_000 });
    expect(report.refused).toEqual([
      {
        id: done.clientKey,
        jobId: 1,
        code: "checklist_incomplete",
        message: refusal.message,
        at: new Date(5_000).toISOString(),
        key: "errors.tech.requiredChecklistItems",
        params: { count: 1, items: "Signal" },
      },
    ]);
    // The notice list shows this code's own sentence, not the generic "refused by the server".
    expect(TECH_REFUSALS).toContain(report.refused[0]!.code);
    // The refused "done" leaves the queue (the screen stops showing the job done); the tick after it is sent.
    expect(report.stored.map((e) => e.clientKey)).toEqual([tick.clientKey]);
    expect(store.rows.size).toBe(0);
    expect(changeOf(done)).toMatchObject({ type: "action", action: { kind: "status", status: "done" } });
  });

  it("replays only the signed-in user's changes", async () => {
    const store = memoryStore([entry(1, status("en_route"), "u2"), entry(2, status("en_route"))]);
    const server = scripted(() => ({ kind: "stored" }));
    await replay("u1", server, { store });
    expect(server.sent).toEqual(["2:en_route"]);
    expect([...store.rows.values()].map((e) => e.userId)).toEqual(["u2"]);
  });

  it("runs once at a time; a call during a run adds one more run for what was queued meanwhile", async () => {
    const store = memoryStore([entry(1, status("en_route"))]);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = scripted(() => ({ kind: "stored" }));
    const slow: Senders = {
      action: async (e) => {
        await gate;
        return server.action(e);
      },
      photo: server.photo,
    };
    const first = replay("u1", slow, { store });
    store.rows.set(9, { ...entry(1, status("on_site")), seq: 9 });
    const second = replay("u1", slow, { store });
    release();
    const [a, b] = await Promise.all([first, second]);
    expect(a).toBe(b);
    expect(server.sent).toEqual(["1:en_route", "1:on_site"]);
  });

  it("gives every change its own client key", () => {
    const keys = new Set(Array.from({ length: 50 }, () => entry(1, status("en_route")).clientKey));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[A-Za-z0-9_-]{8,100}$/);
  });
});
