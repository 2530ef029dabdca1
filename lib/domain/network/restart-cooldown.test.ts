import { describe, expect, it } from "vitest";
import { RESTART_COOLDOWN_MS, restartCooldown, type RestartRecord } from "./restart-cooldown";

const now = new Date("2026-12-07T15:00:00Z");
const at = (secondsAgo: number, status: RestartRecord["status"] = "done"): RestartRecord => ({
  status,
  createdAt: new Date(now.getTime() - secondsAgo * 1000),
});

describe("restartCooldown", () => {
  it.each<[string, RestartRecord[], string]>([
    ["no restart yet", [], "ready"],
    ["a restart done a second ago", [at(1)], "599 s, 10 min"],
    ["a queued restart counts as much as a done one", [at(1, "queued")], "599 s, 10 min"],
    ["a restart 4 minutes 30 ago", [at(270)], "330 s, 6 min"],
    ["a restart 9 minutes 59 ago", [at(599)], "1 s, 1 min"],
    ["a restart exactly 10 minutes ago", [at(600)], "ready"],
    ["a restart 11 minutes ago", [at(660)], "ready"],
    ["a restart that faulted a second ago", [at(1, "fault")], "ready"],
    ["the latest restart that reached the device decides", [at(500), at(30, "fault"), at(120)], "480 s, 8 min"],
    ["order does not matter", [at(120), at(500)], "480 s, 8 min"],
    ["a restart stamped in the future waits the cooldown, no longer", [at(-300)], "600 s, 10 min"],
  ])("%s → %s", (_what, restarts, expected) => {
    const verdict = restartCooldown(restarts, now);
    expect(verdict.ready ? "ready" : `${verdict.remainingSeconds} s, ${verdict.remainingMinutes} min`).toBe(expected);
  });

  it("says when the device may be restarted again", () => {
    const verdict = restartCooldown([at(90)], now);
    expect(verdict).toMatchObject({
      ready: false,
      availableAt: new Date(now.getTime() + RESTART_COOLDOWN_MS - 90_000),
    });
  });

  it("takes another cooldown when given one", () => {
    expect(restartCooldown([at(90)], now, 60_000)).toEqual({ ready: true });
  });
});
