import { afterEach, describe, expect, it, vi } from "vitest";
import { COLLECT_AFTER_MS, collectGarbageSoon } from "./release-memory";

const withGc = globalThis as { gc?: () => void };
const original = withGc.gc;

afterEach(() => {
  vi.useRealTimers();
  withGc.gc = original;
});

describe("collectGarbageSoon", () => {
  it("runs one full collection out of the unload hook, shared by the unloads meanwhile", () => {
    vi.useFakeTimers();
    const collect = vi.fn();
    withGc.gc = collect;
    expect(collectGarbageSoon()).toBe(true);
    // Not inside the hook that scheduled it: Hocuspocus still holds the document there.
    expect(collect).not.toHaveBeenCalled();
    expect(collectGarbageSoon()).toBe(true);
    vi.advanceTimersByTime(COLLECT_AFTER_MS);
    expect(collect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    expect(collect, "the second unload shared the first one's").toHaveBeenCalledTimes(1);
    // A later unload gets its own.
    collectGarbageSoon();
    vi.advanceTimersByTime(COLLECT_AFTER_MS);
    expect(collect).toHaveBeenCalledTimes(2);
  });

  it("does nothing when the process was started without --expose-gc", () => {
    vi.useFakeTimers();
    withGc.gc = undefined;
    expect(collectGarbageSoon()).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });
});
