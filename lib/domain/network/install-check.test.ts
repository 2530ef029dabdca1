import { describe, expect, it } from "vitest";
import { installCheckFailed, installCheckStep } from "./install-check";

describe("installCheckStep", () => {
  it.each([
    [{ outcome: "ok", signal: "good" }, false, { kind: "final", status: "verified" }],
    [{ outcome: "ok", signal: "unknown" }, false, { kind: "final", status: "verified" }],
    [{ outcome: "ok", signal: null }, true, { kind: "final", status: "verified" }],
    [{ outcome: "ok", signal: "weak" }, false, { kind: "final", status: "signal_weak" }],
    [{ outcome: "ok", signal: "bad" }, false, { kind: "final", status: "signal_bad" }],
    [{ outcome: "refused", signal: null }, false, { kind: "final", status: "failed" }],
    [{ outcome: "timeout", signal: null }, false, { kind: "retry" }],
    [{ outcome: "timeout", signal: null }, true, { kind: "final", status: "no_answer" }],
    [{ outcome: "auth_failed", signal: null }, false, { kind: "retry" }],
    [{ outcome: "auth_failed", signal: null }, true, { kind: "final", status: "failed" }],
    [{ outcome: "error", signal: null }, true, { kind: "final", status: "failed" }],
  ] as const)("%o on the last attempt %s → %o", (diagnostic, last, expected) => {
    expect(installCheckStep(diagnostic, last)).toEqual(expected);
  });

  it("warns for every verdict but verified and pending", () => {
    expect(installCheckFailed("verified")).toBe(false);
    expect(installCheckFailed("pending")).toBe(false);
    expect(installCheckFailed("no_answer")).toBe(true);
    expect(installCheckFailed("signal_weak")).toBe(true);
    expect(installCheckFailed("failed")).toBe(true);
  });
});
