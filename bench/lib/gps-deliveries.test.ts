import { describe, expect, it } from "vitest";
import { DeliveryTracker, ReceptionLog } from "./gps-deliveries";

/** Two technicians, two dispatchers; technician 0 sends fixes at 1000, 2000, 3000 (sent at 0, 10, 20). */
function tracker(accepted = [true, true, true]) {
  const t = new DeliveryTracker(2, 2);
  [1000, 2000, 3000].forEach((fixMs, i) => {
    const handle = t.sent(0, fixMs, i * 10, i > 0);
    if (accepted[i]) t.accepted(0, handle);
  });
  return t;
}

describe("DeliveryTracker", () => {
  it("counts a fix covered by a newer one as superseded, timed until the newer one arrived", () => {
    const t = tracker();
    t.received(0, 0, 1000, 5);
    t.received(0, 0, 3000, 50);
    t.received(1, 0, 3000, 40);
    expect(t.delivered).toBe(3);
    expect(t.superseded).toBe(3);
    // Only the measured fixes (the 2nd and 3rd) are timed: 50-10, 50-20, 40-10, 40-20.
    expect([...t.latencies].sort((a, b) => a - b)).toEqual([20, 30, 30, 40]);
    expect(t.missing()).toBe(0);
  });

  it.each<[string, Array<[number, number]>, boolean[], number]>([
    ["nobody received anything", [], [true, true, true], 6],
    [
      "one dispatcher stopped at an older position",
      [
        [0, 3000],
        [1, 2000],
      ],
      [true, true, true],
      1,
    ],
    [
      "the newest fix was refused, so the one before is the latest",
      [
        [0, 2000],
        [1, 2000],
      ],
      [true, true, false],
      0,
    ],
    [
      "a late duplicate of an older position changes nothing",
      [
        [0, 3000],
        [0, 1000],
        [1, 3000],
      ],
      [true, true, true],
      0,
    ],
  ])("missing when %s", (_name, receptions, accepted, want) => {
    const t = tracker(accepted);
    for (const [dispatcher, fixMs] of receptions) t.received(dispatcher, 0, fixMs, 100);
    expect(t.missing()).toBe(want);
  });

  it("refuses fix times that do not grow, since coverage relies on their order", () => {
    const t = tracker();
    expect(() => t.sent(0, 3000, 30, true)).toThrow(/grow/);
  });
});

describe("ReceptionLog", () => {
  it("replays receptions noted before the fixes were known in arrival order, as if told live", () => {
    const live = tracker();
    live.received(0, 0, 1000, 5);
    live.received(1, 0, 3000, 40);
    live.received(0, 0, 3000, 50);
    const log = new ReceptionLog();
    // Noted out of arrival order (two dispatchers' sockets), and more than the first capacity.
    log.add(0, 0, 3000, 50);
    log.add(1, 0, 3000, 40);
    log.add(0, 0, 1000, 5);
    for (let n = 0; n < 70_000; n++) log.add(1, 1, 1, 1e6 + n);
    const replayed = tracker();
    log.replay(replayed);
    expect(log.length).toBe(70_003);
    expect(replayed.latencies).toEqual(live.latencies);
    expect([replayed.delivered, replayed.superseded, replayed.missing()]).toEqual([
      live.delivered,
      live.superseded,
      live.missing(),
    ]);
  });
});
