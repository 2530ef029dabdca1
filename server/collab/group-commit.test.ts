import { describe, expect, it } from "vitest";
import { groupCommit } from "./group-commit";

/** A write the test completes by hand, recording each batch. */
function manualWrites() {
  const batches: string[][] = [];
  const pending: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  const write = (items: string[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(items);
      pending.push({ resolve, reject });
    });
  return { batches, pending, write };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const limits = { maxItems: 100, maxBytes: 1_000, sizeOf: (item: string) => item.length };

/** Which of the promises have settled, and how. */
function track(promises: Array<Promise<void>>): string[] {
  const state: string[] = promises.map(() => "pending");
  promises.forEach((p, i) => {
    p.then(
      () => {
        state[i] = "done";
      },
      () => {
        state[i] = "failed";
      },
    );
  });
  return state;
}

describe("groupCommit", () => {
  it("writes what arrived in one turn together, and what arrived during a write in the next one", async () => {
    const { batches, pending, write } = manualWrites();
    const log = groupCommit(write, limits);
    const first = [log.add("a"), log.add("b"), log.add("c")];
    const firstState = track(first);
    await turn();
    expect(batches).toEqual([["a", "b", "c"]]);

    const second = [log.add("d"), log.add("e")];
    const secondState = track(second);
    await turn();
    // Nothing resolves, and nothing more is written, before the write in flight commits.
    expect(batches).toHaveLength(1);
    expect(firstState).toEqual(["pending", "pending", "pending"]);

    pending[0]!.resolve();
    await turn();
    expect(firstState).toEqual(["done", "done", "done"]);
    expect(secondState).toEqual(["pending", "pending"]);
    expect(batches).toEqual([
      ["a", "b", "c"],
      ["d", "e"],
    ]);
    pending[1]!.resolve();
    await Promise.all(second);
    expect(log.stats()).toEqual({ items: 5, writes: 2, largestBatch: 3 });
  });

  it("rejects every append of a failed write, and goes on with the next batch", async () => {
    const { batches, pending, write } = manualWrites();
    const log = groupCommit(write, limits);
    const failing = track([log.add("a"), log.add("b")]);
    await turn();
    const next = log.add("c");
    pending[0]!.reject(new Error("connection lost"));
    await turn();
    expect(failing).toEqual(["failed", "failed"]);
    expect(batches).toEqual([["a", "b"], ["c"]]);
    pending[1]!.resolve();
    await expect(next).resolves.toBeUndefined();
    expect(log.stats()).toEqual({ items: 1, writes: 1, largestBatch: 1 });
  });

  it("splits batches at the row and byte limits, in arrival order, and lets one oversized item go alone", async () => {
    const batches: string[][] = [];
    const log = groupCommit(
      (items: string[]) => {
        batches.push(items);
        return Promise.resolve();
      },
      { maxItems: 3, maxBytes: 10, sizeOf: (item: string) => item.length },
    );
    await Promise.all(["a", "b", "c", "d", "eeeeeeee", "ffff", "gggggggggggggg", "h"].map((i) => log.add(i)));
    expect(batches).toEqual([["a", "b", "c"], ["d", "eeeeeeee"], ["ffff"], ["gggggggggggggg"], ["h"]]);
  });
});
