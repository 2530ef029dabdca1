import { describe, expect, it } from "vitest";
import { ProbeLimiter } from "./probe-limiter";

/** A probe the test finishes by hand, recording when it started. */
function manualWork(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    work: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    finish: () => finish(),
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("ProbeLimiter", () => {
  it("runs one probe at a time per device, in arrival order", async () => {
    const limiter = new ProbeLimiter(10);
    const log: string[] = [];
    const a = manualWork(log, "a1");
    const b = manualWork(log, "a2");
    const c = manualWork(log, "other");
    const runs = [limiter.run("10.0.0.1", a.work), limiter.run("10.0.0.1", b.work), limiter.run("10.0.0.2", c.work)];
    await settle();
    expect(log).toEqual(["start a1", "start other"]);
    expect(limiter.pending).toBe(3);
    a.finish();
    await settle();
    expect(log).toContain("start a2");
    b.finish();
    c.finish();
    expect(await Promise.all(runs)).toEqual(["a1", "a2", "other"]);
    expect(limiter.pending).toBe(0);
  });

  it("keeps at most the global limit in flight across devices", async () => {
    const limiter = new ProbeLimiter(2);
    const log: string[] = [];
    const works = ["d1", "d2", "d3", "d4"].map((name) => manualWork(log, name));
    const runs = works.map((w, i) => limiter.run(`10.0.0.${i + 1}`, w.work));
    await settle();
    expect(log.filter((l) => l.startsWith("start"))).toEqual(["start d1", "start d2"]);
    works[1]!.finish();
    await settle();
    expect(log.filter((l) => l.startsWith("start"))).toEqual(["start d1", "start d2", "start d3"]);
    for (const w of works) w.finish();
    await Promise.all(runs);
    expect(limiter.pending).toBe(0);
  });

  it("frees the device and the slot when a probe throws", async () => {
    const limiter = new ProbeLimiter(1);
    await expect(limiter.run("10.0.0.1", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await limiter.run("10.0.0.1", () => Promise.resolve("next"))).toBe("next");
  });

  it("refuses a limit that is not a positive integer", () => {
    expect(() => new ProbeLimiter(0)).toThrow(RangeError);
  });
});
