import { describe, expect, it } from "vitest";
import { jobKind } from "../../db/schema";
import { checkTemplate } from "../../../lib/domain/checklists/template";
import { DEFAULT_TEMPLATES } from "./default-templates";

describe("default checklist templates", () => {
  it("cover every job kind", () => {
    expect(Object.keys(DEFAULT_TEMPLATES).sort()).toEqual([...jobKind.enumValues].sort());
  });

  // The office opens the defaults in the editor: they must save as they are.
  it.each(jobKind.enumValues.map((kind) => [kind]))("%s passes the template rules unchanged", (kind) => {
    const items = DEFAULT_TEMPLATES[kind];
    expect(checkTemplate(items)).toEqual({ ok: true, items });
  });
});
