import { afterEach, describe, expect, it, vi } from "vitest";
import { collectGarbageSoon } from "./release-memory";

const withGc = globalThis as { gc?: () => void };
const original = withGc.gc;

afterEach(() => {
  vi.useRealTimers();
  withGc.gc = original;
});

describe("collectGarbageSoon", () => {
  it("runs one full collection shortly after an unload, shared by the unloads meanwhile", () => {
    vi.useFakeTimers();
    const collect = vi.fn();
    withGc.gc = collect;
    expect(collectGarbageSoon()).toBe(true);
    vi.advanceTimersByTime(50);
    expect(collectGarbageSoon()).toBe(true);
    expect(collect).not.toHaveBeenCalled();
    vi.advanceTimersByTime(50);
    expect(collect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    expect(collect, "the second unload shared the first one's").toHaveBeenCalledTimes(1);
    // A later unload gets its own.
    collectGarbageSoon();
    vi.advanceTimersByTime(100);
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it("does nothing when the process was started without --expose-gc", () => {
    vi.useFakeTimers();
    withGc.gc = undefined;
    expect(collectGarbageSoon()).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
