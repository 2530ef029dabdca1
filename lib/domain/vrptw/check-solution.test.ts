import { describe, expect, it } from "vitest";
import { checkSolution } from "./check-solution";
import type { LkhInstance } from "./lkh-format";

// Depot at 0,0; customers on a line at x = 3, 6, 9; service 1; capacity 10.
const INST: LkhInstance = {
  name: "line",
  dimension: 4,
  vehicles: null,
  capacity: 10,
  serviceTime: 1,
  depot: 1,
  x: [0, 3, 6, 9],
  y: [0, 0, 0, 0],
  demand: [0, 4, 4, 4],
  earliest: [0, 0, 0, 0],
  latest: [30, 10, 10, 20],
};

describe("checkSolution", () => {
  it("accepts a feasible answer and recomputes its distance", () => {
    const result = checkSolution(INST, [[2, 3], [4]]);
    expect(result).toEqual({ feasible: true, errors: [], vehicles: 2, distance: 12 + 18 });
  });

  it("lets a vehicle wait for a window to open", () => {
    const waits = { ...INST, earliest: [0, 5, 0, 0] };
    expect(checkSolution(waits, [[2, 3], [4]]).feasible).toBe(true);
  });

  it.each([
    ["capacity", INST, [[2, 3, 4]], /route 1: load 12 exceeds capacity 10/],
    // Reversed: customer 3 (x=6) at 6, served until 7, then customer 2 (x=3) at 10.
    [
      "a window",
      { ...INST, latest: [30, 9, 10, 20] },
      [[3, 2], [4]],
      /route 1: customer 2 starts at 10\.00, after its latest 9/,
    ],
    [
      "the depot closing",
      { ...INST, latest: [17, 10, 10, 20] },
      [[2, 3], [4]],
      /route 2: back at the depot at 19\.00, after it closes at 17/,
    ],
    ["a missing customer", INST, [[2, 3]], /customer 4 is not served/],
    [
      "a customer served twice",
      INST,
      [
        [2, 3],
        [4, 2],
      ],
      /customer 2 is served 2 times/,
    ],
    ["the depot as a customer", INST, [[1, 2, 3], [4]], /route 1: 1 is not a customer node id/],
    ["an empty route", INST, [[2, 3], [4], []], /route 3 is empty/],
  ])("catches a route that breaks %s", (_what, inst, routes, message) => {
    const result = checkSolution(inst, routes);
    expect(result.feasible).toBe(false);
    expect(result.errors.join("\n")).toMatch(message);
  });
});
