import { describe, expect, it } from "vitest";
import { STOP_AT_DEADLINE, STOP_CANCELLED, stoppedByOf } from "./optimizer-stop-flag";

describe("stoppedByOf", () => {
  it.each([
    { solverSays: "budget", flag: 0, expected: "budget" },
    { solverSays: "budget", flag: STOP_AT_DEADLINE, expected: "budget" },
    { solverSays: "cancelled", flag: STOP_AT_DEADLINE, expected: "budget" },
    { solverSays: "cancelled", flag: STOP_CANCELLED, expected: "cancelled" },
    { solverSays: "budget", flag: STOP_CANCELLED, expected: "budget" },
  ] as const)("the solver says $solverSays with the flag at $flag: $expected", ({ solverSays, flag, expected }) => {
    expect(stoppedByOf(solverSays, flag)).toBe(expected);
  });
});
