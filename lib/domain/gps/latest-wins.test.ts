import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { LatestWins, type Offered } from "./latest-wins";

const at = (second: number) => new Date(Date.UTC(2026, 10, 23, 15, 0, second)).toISOString();
const position = (technicianId: number, second: number, label = "") => ({
  technicianId,
  fixTime: at(second),
  label,
});

describe("LatestWins.offer", () => {
  it.each<[string, Array<[number, number]>, boolean, [number, number], Offered]>([
    ["an empty slot", [], false, [1, 10], "waiting"],
    ["a newer fix over a waiting one", [[1, 10]], false, [1, 11], "superseded"],
    ["an older fix behind a waiting one", [[1, 10]], false, [1, 9], "stale"],
    ["the same fix time again", [[1, 10]], false, [1, 10], "stale"],
    ["another technician", [[1, 10]], false, [2, 5], "waiting"],
    ["an older fix behind one already taken", [[1, 10]], true, [1, 9], "stale"],
    ["the taken fix time again", [[1, 10]], true, [1, 10], "stale"],
    ["a newer fix after a take", [[1, 10]], true, [1, 12], "waiting"],
  ])("%s", (_name, before, takeFirst, [technicianId, second], want) => {
    const buffer = new LatestWins<ReturnType<typeof position>>();
    for (const [t, s] of before) buffer.offer(position(t, s));
    if (takeFirst) buffer.take();
    expect(buffer.offer(position(technicianId, second))).toBe(want);
  });

  it("keeps one slot per technician, holding its newest position, and empties on take", () => {
    const buffer = new LatestWins<ReturnType<typeof position>>();
    for (let second = 0; second < 50; second++)
      for (const t of [1, 2, 3]) buffer.offer(position(t, second, `${t}@${second}`));
    buffer.offer(position(2, 10, "late"));
    expect(buffer.size).toBe(3);
    expect(buffer.take().map((p) => p.label)).toEqual(["1@49", "2@49", "3@49"]);
    expect(buffer.size).toBe(0);
    expect(buffer.take()).toEqual([]);
  });
});

describe("LatestWins under any interleaving of offers and takes", () => {
  const step = fc.oneof(
    fc.record({
      kind: fc.constant("offer" as const),
      technicianId: fc.integer({ min: 1, max: 5 }),
      second: fc.nat(59),
    }),
    fc.record({ kind: fc.constant("take" as const) }),
  );

  it("never sends a technician backwards, never holds more than the roster, and the last take of each is its newest fix", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const buffer = new LatestWins<ReturnType<typeof position>>();
        const newest = new Map<number, number>();
        const sent = new Map<number, number[]>();
        const record = (events: Array<ReturnType<typeof position>>) => {
          expect(new Set(events.map((e) => e.technicianId)).size).toBe(events.length);
          for (const e of events)
            sent.set(e.technicianId, [...(sent.get(e.technicianId) ?? []), Date.parse(e.fixTime)]);
        };
        for (const s of steps) {
          if (s.kind === "take") record(buffer.take());
          else {
            buffer.offer(position(s.technicianId, s.second));
            newest.set(s.technicianId, Math.max(newest.get(s.technicianId) ?? -Infinity, Date.parse(at(s.second))));
          }
          expect(buffer.size).toBeLessThanOrEqual(newest.size);
        }
        record(buffer.take());
        for (const times of sent.values()) expect(times.every((t, i) => i === 0 || t > times[i - 1]!)).toBe(true);
        for (const [technicianId, newestMs] of newest) expect(sent.get(technicianId)?.at(-1)).toBe(newestMs);
      }),
    );
  });
});
