import { describe, expect, it } from "vitest";
import {
  checkTemplate,
  checklistLabelsFor,
  moveItem,
  normalizeLabel,
  type TemplateItemDraft,
  type TemplateProblemCode,
} from "./template";

const item = (labelFr: string, labelEn: string, extra: Partial<TemplateItemDraft> = {}): TemplateItemDraft => ({
  labelFr,
  labelEn,
  ...extra,
});
const onu = item("Installer et activer l'ONT", "Install and activate the ONT", { key: "install-ont", required: true });
const wifi = item("Tester le Wi-Fi", "Test the Wi-Fi");
const many = (n: number) => Array.from({ length: n }, (_, i) => item(`Étape ${i + 1}`, `Step ${i + 1}`));

describe("checkTemplate refusals", () => {
  it.each<
    [string, TemplateItemDraft[], Array<{ index: number | null; field: string; code: TemplateProblemCode }>, RegExp]
  >([
    ["no item", [], [{ index: null, field: "items", code: "tooFewItems" }], /at least 1 item \/ .*au moins 1 élément/],
    [
      "31 items",
      many(31),
      [{ index: null, field: "items", code: "tooManyItems" }],
      /at most 30 items; this one has 31 \/ .*au plus 30 éléments; celle-ci en a 31/,
    ],
    [
      "a blank French label",
      [item("   ", "Test the fiber")],
      [{ index: 0, field: "labelFr", code: "labelTooShort" }],
      /^Item 1 \(“Test the fiber”\): the French label needs at least 2 characters \/ Élément 1 \(« Test the fiber »\) : le libellé français doit avoir au moins 2 caractères$/,
    ],
    [
      "a one-letter English label",
      [onu, item("Tester", " x ")],
      [{ index: 1, field: "labelEn", code: "labelTooShort" }],
      /^Item 2 \(“Tester”\): the English label/,
    ],
    [
      "a 201-character label",
      [item("é".repeat(201), "Long")],
      [{ index: 0, field: "labelFr", code: "labelTooLong" }],
      /the French label has 201 characters, at most 200 \/ .*a 201 caractères, au plus 200/,
    ],
    [
      "the same French label twice, up to case, accents and spaces",
      [wifi, item("tester  le WI-FI", "Check the Wi-Fi")],
      [{ index: 1, field: "labelFr", code: "duplicateLabel" }],
      /^Item 2 \(“Check the Wi-Fi”\): same French label as item 1 \/ Élément 2 \(« tester le WI-FI »\) : même libellé français que l'élément 1$/,
    ],
    [
      "the same English label twice",
      [wifi, item("Vérifier le Wi-Fi", "Test the wi-fi")],
      [{ index: 1, field: "labelEn", code: "duplicateLabel" }],
      /same English label as item 1/,
    ],
    [
      "a key twice",
      [onu, item("Autre", "Other", { key: "install-ont" })],
      [{ index: 1, field: "key", code: "duplicateKey" }],
      /the key "install-ont" is already used by item 1 \/ .*la clé « install-ont » est déjà celle de l'élément 1/,
    ],
    [
      "a key with capitals",
      [item("Autre", "Other", { key: "Install_ONT" })],
      [{ index: 0, field: "key", code: "invalidKey" }],
      /lowercase letters, digits or single dashes \/ .*lettres minuscules/,
    ],
    [
      "a key too long",
      [item("Autre", "Other", { key: "a".repeat(61) })],
      [{ index: 0, field: "key", code: "invalidKey" }],
      /1 to 60/,
    ],
  ])("refuses %s", (_name, drafts, expected, message) => {
    const check = checkTemplate(drafts);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.map(({ index, field, code }) => ({ index, field, code }))).toEqual(expected);
    expect(check.problems[0]!.message).toMatch(message);
  });

  it("reports every problem at once, each on its item", () => {
    const check = checkTemplate([item("", ""), wifi, item("Tester le wifi", "Test the Wi-Fi")]);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.problems.map((p) => [p.index, p.field, p.code])).toEqual([
      [0, "labelFr", "labelTooShort"],
      [0, "labelEn", "labelTooShort"],
      [2, "labelEn", "duplicateLabel"],
    ]);
    // An item with no label at all is named by its position alone.
    expect(check.problems[0]!.message).toMatch(/^Item 1: .* \/ Élément 1 : /);
  });
});

describe("checkTemplate normalizes", () => {
  it.each<[string, TemplateItemDraft[], Array<{ key: string; labelFr: string; labelEn: string; required: boolean }>]>([
    [
      "trims and joins spaces, keeps keys, defaults required to false",
      [item("  Tester\n le  Wi-Fi ", " Test the Wi-Fi", { key: " wifi " })],
      [{ key: "wifi", labelFr: "Tester le Wi-Fi", labelEn: "Test the Wi-Fi", required: false }],
    ],
    [
      "makes a key from the French label without accents",
      [item("Vérifier le niveau optique à l'ONT (−8 à −25 dBm)", "Check the optical level")],
      [
        {
          key: "verifier-le-niveau-optique-a-l-ont-8-a-25-dbm",
          labelFr: "Vérifier le niveau optique à l'ONT (−8 à −25 dBm)",
          labelEn: "Check the optical level",
          required: false,
        },
      ],
    ],
    [
      "suffixes a new key that another item already has",
      [item("Photo", "Photo of the box", { key: "photo" }), item("Photo!", "Photo of the wall")],
      [
        { key: "photo", labelFr: "Photo", labelEn: "Photo of the box", required: false },
        { key: "photo-2", labelFr: "Photo!", labelEn: "Photo of the wall", required: false },
      ],
    ],
    [
      "never gives a new item a key kept further down the list",
      [item("Photo", "Photo A"), item("Autre", "Other", { key: "photo" })],
      [
        { key: "photo-2", labelFr: "Photo", labelEn: "Photo A", required: false },
        { key: "photo", labelFr: "Autre", labelEn: "Other", required: false },
      ],
    ],
    [
      "cuts a long key between words",
      [item("Prendre une photo du boîtier extérieur et de l'entrée du câble", "Photo")],
      [
        {
          key: "prendre-une-photo-du-boitier-exterieur-et-de-l",
          labelFr: "Prendre une photo du boîtier extérieur et de l'entrée du câble",
          labelEn: "Photo",
          required: false,
        },
      ],
    ],
    [
      "falls back to 'item' when the label has no letter or digit",
      [item("— …", "Dash")],
      [{ key: "item", labelFr: "— …", labelEn: "Dash", required: false }],
    ],
  ])("%s", (_name, drafts, expected) => {
    expect(checkTemplate(drafts)).toEqual({ ok: true, items: expected });
  });

  it("accepts 1 and 30 items, and labels of exactly 2 and 200 characters", () => {
    expect(checkTemplate(many(1)).ok).toBe(true);
    expect(checkTemplate(many(30)).ok).toBe(true);
    expect(checkTemplate([item("ab", "x".repeat(200))]).ok).toBe(true);
  });

  it("gives the same keys when the saved list is checked again (stable keys)", () => {
    const first = checkTemplate([wifi, item("Tester le débit", "Speed test")]);
    if (!first.ok) throw new Error("expected ok");
    expect(checkTemplate(first.items)).toEqual(first);
  });
});

describe("checklistLabelsFor", () => {
  const template = {
    items: [
      { key: "a", labelFr: "Installer l'ONT", labelEn: "Install the ONT", required: true },
      { key: "b", labelFr: "Tester le Wi-Fi", labelEn: "", required: false },
    ],
  };
  it.each<["fr" | "en", string[]]>([
    ["fr", ["Installer l'ONT", "Tester le Wi-Fi"]],
    ["en", ["Install the ONT", "Tester le Wi-Fi"]],
  ])("%s", (language, labels) => {
    const lines = checklistLabelsFor(template, language);
    expect(lines.map((l) => l.label)).toEqual(labels);
    expect(lines.map((l) => [l.key, l.required])).toEqual([
      ["a", true],
      ["b", false],
    ]);
  });
});

describe("moveItem", () => {
  it.each<[number, "up" | "down", string[]]>([
    [1, "up", ["b", "a", "c"]],
    [1, "down", ["a", "c", "b"]],
    [0, "up", ["a", "b", "c"]],
    [2, "down", ["a", "b", "c"]],
    [5, "up", ["a", "b", "c"]],
  ])("moves item %i %s", (index, direction, expected) => {
    expect(moveItem(["a", "b", "c"], index, direction)).toEqual(expected);
  });
});

describe("normalizeLabel", () => {
  it("composes accents so the same word is stored one way", () => {
    expect(normalizeLabel("Ve\u0301rifier")).toBe("Vérifier");
  });
});
