import { describe, expect, it } from "vitest";
import { checkCompletion, type ChecklistItemState } from "./completion";

const item = (id: number, required: boolean, done: boolean): ChecklistItemState => ({
  id,
  label: `Item ${id}`,
  required,
  done,
});

describe("checkCompletion", () => {
  it.each<[string, ChecklistItemState[], number[] | null]>([
    ["no checklist at all", [], null],
    ["every item ticked", [item(1, true, true), item(2, false, true)], null],
    ["only optional items left", [item(1, true, true), item(2, false, false), item(3, false, false)], null],
    ["one required item left", [item(1, true, true), item(2, true, false), item(3, false, false)], [2]],
    [
      "required items left, in checklist order",
      [item(5, true, false), item(2, false, false), item(3, true, false)],
      [5, 3],
    ],
    ["nothing ticked", [item(1, true, false), item(2, true, false)], [1, 2]],
  ])("%s", (_case, items, missing) => {
    const check = checkCompletion(items);
    if (missing === null) {
      expect(check).toEqual({ ok: true });
      return;
    }
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.missing.map((m) => m.id)).toEqual(missing);
    expect(check).toMatchObject({
      code: "checklist_incomplete",
      key: "errors.tech.requiredChecklistItems",
      params: { count: missing.length },
    });
  });

  it("names at most three items, then says there are more", () => {
    const items = [1, 2, 3, 4, 5].map((id) => item(id, true, false));
    const check = checkCompletion(items);
    expect(check).toMatchObject({ ok: false, params: { count: 5, items: "Item 1, Item 2, Item 3, …" } });
  });

  it("names every item when there are three or fewer", () => {
    const check = checkCompletion([item(1, true, false), item(2, true, false)]);
    expect(check).toMatchObject({ ok: false, params: { count: 2, items: "Item 1, Item 2" } });
  });
});
