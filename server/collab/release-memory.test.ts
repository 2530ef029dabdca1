import { afterEach, describe, expect, it, vi } from "vitest";
import { collectGarbageSoon } from "./release-memory";

const withGc = globalThis as { gc?: () => void };
const original = withGc.gc;

afterEach(() => {
  vi.useRealTimers();
  withGc.gc = original;
});

describe("collectGarbageSoon", () => {
  it("runs one full collection a second after the last of several unloads", () => {
    vi.useFakeTimers();
    const collect = vi.fn();
    withGc.gc = collect;
    expect(collectGarbageSoon()).toBe(true);
    vi.advanceTimersByTime(600);
    expect(collectGarbageSoon()).toBe(true);
    vi.advanceTimersByTime(600);
    expect(collect, "the second unload pushed it back").not.toHaveBeenCalled();
    vi.advanceTimersByTime(400);
    expect(collect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it("does nothing when the process was started without --expose-gc", () => {
    vi.useFakeTimers();
    withGc.gc = undefined;
    expect(collectGarbageSoon()).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
