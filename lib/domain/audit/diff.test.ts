import { describe, expect, it } from "vitest";
import { auditDiffLines, auditDiffText, EMPTY_VALUE, formatAuditValue } from "./diff";

describe("formatAuditValue", () => {
  it.each<[unknown, string]>([
    [null, EMPTY_VALUE],
    [undefined, EMPTY_VALUE],
    ["", EMPTY_VALUE],
    ["open", "open"],
    [0, "0"],
    [1250, "1250"],
    [false, "false"],
    [true, "true"],
    ["2026-03-14T14:00:00.000Z", "2026-03-14T14:00:00.000Z"],
    [{ a: 1 }, '{"a":1}'],
    [[1, 2], "[1,2]"],
  ])("%j → %s", (value, expected) => {
    expect(formatAuditValue(value)).toBe(expected);
  });
});

describe("auditDiffLines", () => {
  it.each<[string, unknown, Array<{ field: string; from: string; to: string }>]>([
    ["nothing changed", {}, []],
    ["not an object", "x", []],
    ["null", null, []],
    ["a list", [1], []],
    [
      "fields sorted by name",
      { status: { from: "open", to: "paid" }, balanceCents: { from: 1000, to: 0 } },
      [
        { field: "balanceCents", from: "1000", to: "0" },
        { field: "status", from: "open", to: "paid" },
      ],
    ],
    ["a value set", { email: { from: null, to: "a@b.c" } }, [{ field: "email", from: EMPTY_VALUE, to: "a@b.c" }]],
    ["a value cleared", { notes: { from: "x", to: null } }, [{ field: "notes", from: "x", to: EMPTY_VALUE }]],
    ["a value not shaped from/to", { items: 3 }, [{ field: "items", from: EMPTY_VALUE, to: "3" }]],
    ["nested values as JSON", { helpers: { from: [1], to: [1, 2] } }, [{ field: "helpers", from: "[1]", to: "[1,2]" }]],
  ])("%s", (_title, changes, expected) => {
    expect(auditDiffLines(changes)).toEqual(expected);
  });
});

describe("auditDiffText", () => {
  it("joins the lines as field: from → to", () => {
    expect(auditDiffText({ status: { from: "open", to: "paid" }, balanceCents: { from: 1000, to: 0 } })).toBe(
      "balanceCents: 1000 → 0; status: open → paid",
    );
  });
});
