import { describe, expect, it } from "vitest";
import { equipmentHealth, type DiagnosticSummaryRow } from "./equipment-health";

const at = (minute: number) => new Date(Date.UTC(2027, 0, 12, 15, minute));
const row = (
  minute: number,
  outcome: DiagnosticSummaryRow["outcome"],
  signal: DiagnosticSummaryRow["signal"] = null,
) => ({
  at: at(minute),
  outcome,
  signal,
});

describe("equipmentHealth", () => {
  it.each<[string, DiagnosticSummaryRow | null, DiagnosticSummaryRow | null, ReturnType<typeof equipmentHealth>]>([
    ["never probed", null, null, { online: "unknown", lastSeenAt: null, checkedAt: null, signal: "unknown" }],
    [
      "answered last time, weak signal",
      row(5, "ok", "weak"),
      row(5, "ok", "weak"),
      { online: "online", lastSeenAt: at(5), checkedAt: at(5), signal: "weak" },
    ],
    [
      "silent last time, seen before",
      row(9, "timeout"),
      row(5, "ok", "good"),
      { online: "offline", lastSeenAt: at(5), checkedAt: at(9), signal: "unknown" },
    ],
    [
      "refused before sending (no address)",
      row(9, "refused"),
      null,
      { online: "unknown", lastSeenAt: null, checkedAt: at(9), signal: "unknown" },
    ],
    [
      "answered with a wrong key",
      row(9, "auth_failed"),
      row(5, "ok", "good"),
      { online: "unknown", lastSeenAt: at(5), checkedAt: at(9), signal: "unknown" },
    ],
  ])("%s", (_what, latest, lastAnswered, expected) => {
    expect(equipmentHealth(latest, lastAnswered)).toEqual(expected);
  });
});
