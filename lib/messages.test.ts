import { describe, expect, it } from "vitest";
import { MESSAGE_CATALOGS } from "../i18n/catalog";

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

const { fr, en } = MESSAGE_CATALOGS;

describe("translations", () => {
  it.each(fr.map((catalog, index) => [index, catalog, en[index]!] as const))(
    "catalog %i: French and English have exactly the same keys",
    (_index, frCatalog, enCatalog) => {
      expect(keysOf(enCatalog).sort()).toEqual(keysOf(frCatalog).sort());
    },
  );

  it("no message is left empty", () => {
    for (const [name, catalogs] of [
      ["fr", fr],
      ["en", en],
    ] as const) {
      for (const catalog of catalogs) {
        const empty = keysOf(catalog).filter(
          (key) =>
            key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalog) === "",
        );
        expect(empty, name).toEqual([]);
      }
    }
  });

  it("each namespace lives in one catalog file only", () => {
    const seen = new Map<string, number>();
    fr.forEach((catalog, index) => {
      for (const namespace of Object.keys(catalog)) {
        expect(seen.get(namespace), `namespace "${namespace}" is in two catalogs`).toBeUndefined();
        seen.set(namespace, index);
      }
    });
  });
});
