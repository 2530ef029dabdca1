import { describe, expect, it } from "vitest";
import fr from "../messages/fr.json";
import en from "../messages/en.json";

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

describe("translations", () => {
  it("French and English have exactly the same keys", () => {
    expect(keysOf(en).sort()).toEqual(keysOf(fr).sort());
  });

  it("no message is left empty", () => {
    for (const [name, catalog] of [["fr", fr], ["en", en]] as const) {
      const empty = keysOf(catalog).filter((key) => key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalog) === "");
      expect(empty, name).toEqual([]);
    }
  });
});
