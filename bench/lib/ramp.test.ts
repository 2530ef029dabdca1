import { describe, expect, it } from "vitest";
import { pinnedCpus, pinnedSpawn, saturationOf, type RampStep } from "./ramp";

const step = (rate: number, p99_ms: number, lost = 0): RampStep => ({ rate, p99_ms, lost, cpu_s: 1 });

describe("saturationOf", () => {
  it.each([
    { name: "every step served", steps: [step(10, 5), step(20, 9), step(40, 30)], want: 40 },
    { name: "the last step too slow", steps: [step(10, 5), step(20, 49.9), step(40, 50.1)], want: 20 },
    { name: "exactly the bound counts as served", steps: [step(10, 50)], want: 10 },
    { name: "a loss disqualifies a fast step", steps: [step(10, 5), step(20, 6, 1)], want: 10 },
    { name: "nothing served", steps: [step(10, 80)], want: null },
    { name: "no steps", steps: [], want: null },
    { name: "order does not matter", steps: [step(40, 10), step(10, 5), step(80, 70)], want: 40 },
  ])("$name", ({ steps, want }) => {
    expect(saturationOf(steps)).toBe(want);
  });
});

describe("pinnedSpawn", () => {
  it("leaves the command alone when not pinned", () => {
    expect(pinnedSpawn("node", ["a.js"], null)).toEqual({ command: "node", args: ["a.js"] });
  });
  it("pins to the first cores with taskset", () => {
    expect(pinnedSpawn("node", ["a.js"], 1)).toEqual({ command: "taskset", args: ["--cpu-list", "0", "node", "a.js"] });
    expect(pinnedSpawn("node", [], 2).args.slice(0, 2)).toEqual(["--cpu-list", "0-1"]);
  });
  it("reads BENCH_CPUS and refuses nonsense", () => {
    expect(pinnedCpus({})).toBeNull();
    expect(pinnedCpus({ BENCH_CPUS: "1" })).toBe(1);
    expect(() => pinnedCpus({ BENCH_CPUS: "0" })).toThrow(/whole number/);
    expect(() => pinnedCpus({ BENCH_CPUS: "x" })).toThrow(/whole number/);
  });
});
