/**
 * Checklist templates per job kind: what an office edit may save, and the labels a job copies.
 * The same function checks the office form (to show each problem beside its item) and the
 * service (which refuses what the form let through), so both say the same thing.
 */

export type ChecklistLanguage = "fr" | "en";

/** One stored template item; the same shape as `ChecklistTemplateItem` in the schema. */
export interface TemplateItem {
  key: string;
  labelFr: string;
  labelEn: string;
  required: boolean;
}

/** An item as the office sends it: a new item has no key yet. */
export interface TemplateItemDraft {
  key?: string | null;
  labelFr: string;
  labelEn: string;
  required?: boolean;
}

export const TEMPLATE_LIMITS = { minItems: 1, maxItems: 30, minLabel: 2, maxLabel: 200, maxKey: 60 } as const;

export type TemplateProblemCode =
  "tooFewItems" | "tooManyItems" | "labelTooShort" | "labelTooLong" | "duplicateLabel" | "invalidKey" | "duplicateKey";

export interface TemplateProblem {
  /** Index (0-based) of the item at fault; null when the problem is the list itself. */
  index: number | null;
  field: "items" | "labelFr" | "labelEn" | "key";
  code: TemplateProblemCode;
  /** Numbers the message uses, so a form can translate the problem: min, max, count, other (1-based). */
  params: Record<string, number>;
  /** "English / français", like the other refusals of the API. */
  message: string;
}

export type TemplateCheck = { ok: true; items: TemplateItem[] } | { ok: false; problems: TemplateProblem[] };

const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Generated keys leave room for a "-12" suffix under maxKey.
const SLUG_LENGTH = 48;

/** Trimmed, inner runs of spaces (and line breaks) made one space, composed accents (NFC). */
export function normalizeLabel(label: string): string {
  return label.normalize("NFC").replace(/\s+/g, " ").trim();
}

/** Two labels that differ only by case, accents or spacing read as the same line on a phone. */
function comparable(label: string): string {
  return normalizeLabel(label).normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase("fr");
}

/** Whole words of the label, as long as they fit: a key cut inside a number would mislead ("-2" of "-25"). */
function slugOf(label: string): string {
  const slug = comparable(label)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  let words = "";
  for (const word of slug.split("-")) {
    const longer = words ? `${words}-${word}` : word;
    if (longer.length > SLUG_LENGTH) break;
    words = longer;
  }
  return words || slug.slice(0, SLUG_LENGTH) || "item";
}

const length = (text: string) => [...text].length;

function excerpt(label: string): string {
  return length(label) > 40 ? `${[...label].slice(0, 39).join("")}…` : label;
}

/** "Item 3 (“Install the ONT”)" in each language; the label only when there is one to show. */
function itemName(index: number, item: { labelFr: string; labelEn: string }): { en: string; fr: string } {
  const en = item.labelEn.length >= TEMPLATE_LIMITS.minLabel ? item.labelEn : item.labelFr;
  const fr = item.labelFr.length >= TEMPLATE_LIMITS.minLabel ? item.labelFr : item.labelEn;
  return {
    en: `Item ${index + 1}${en ? ` (“${excerpt(en)}”)` : ""}`,
    fr: `Élément ${index + 1}${fr ? ` (« ${excerpt(fr)} »)` : ""}`,
  };
}

const LANGUAGE_NAME = { labelFr: { en: "French", fr: "français" }, labelEn: { en: "English", fr: "anglais" } } as const;

/**
 * Validates and normalizes a template edit. Returns every problem at once (the form marks each
 * item), or the items to store: labels normalized, `required` a boolean, kept keys unchanged
 * and a key made for each new item from its French label (a slug, "-2", "-3"… when taken).
 */
export function checkTemplate(drafts: readonly TemplateItemDraft[]): TemplateCheck {
  const problems: TemplateProblem[] = [];
  const { minItems, maxItems, minLabel, maxLabel, maxKey } = TEMPLATE_LIMITS;
  if (drafts.length < minItems) {
    problems.push({
      index: null,
      field: "items",
      code: "tooFewItems",
      params: { min: minItems },
      message: `A checklist needs at least ${minItems} item / Une liste de vérification doit avoir au moins ${minItems} élément`,
    });
  }
  if (drafts.length > maxItems) {
    problems.push({
      index: null,
      field: "items",
      code: "tooManyItems",
      params: { max: maxItems, count: drafts.length },
      message: `A checklist has at most ${maxItems} items; this one has ${drafts.length} / Une liste de vérification a au plus ${maxItems} éléments; celle-ci en a ${drafts.length}`,
    });
  }

  const items = drafts.map((d) => ({
    key: d.key?.trim() || null,
    labelFr: normalizeLabel(d.labelFr),
    labelEn: normalizeLabel(d.labelEn),
    required: d.required === true,
  }));
  const seenLabel = { labelFr: new Map<string, number>(), labelEn: new Map<string, number>() };
  const seenKey = new Map<string, number>();

  items.forEach((item, index) => {
    const name = itemName(index, item);
    for (const field of ["labelFr", "labelEn"] as const) {
      const label = item[field];
      const lang = LANGUAGE_NAME[field];
      const count = length(label);
      if (count < minLabel) {
        problems.push({
          index,
          field,
          code: "labelTooShort",
          params: { min: minLabel },
          message: `${name.en}: the ${lang.en} label needs at least ${minLabel} characters / ${name.fr} : le libellé ${lang.fr} doit avoir au moins ${minLabel} caractères`,
        });
        continue;
      }
      if (count > maxLabel) {
        problems.push({
          index,
          field,
          code: "labelTooLong",
          params: { max: maxLabel, count },
          message: `${name.en}: the ${lang.en} label has ${count} characters, at most ${maxLabel} / ${name.fr} : le libellé ${lang.fr} a ${count} caractères, au plus ${maxLabel}`,
        });
        continue;
      }
      const other = seenLabel[field].get(comparable(label));
      if (other !== undefined) {
        problems.push({
          index,
          field,
          code: "duplicateLabel",
          params: { other: other + 1 },
          message: `${name.en}: same ${lang.en} label as item ${other + 1} / ${name.fr} : même libellé ${lang.fr} que l'élément ${other + 1}`,
        });
      } else {
        seenLabel[field].set(comparable(label), index);
      }
    }
    if (item.key === null) return;
    if (item.key.length > maxKey || !KEY_PATTERN.test(item.key)) {
      problems.push({
        index,
        field: "key",
        code: "invalidKey",
        params: { max: maxKey },
        message: `${name.en}: the key must be 1 to ${maxKey} lowercase letters, digits or single dashes / ${name.fr} : la clé doit avoir de 1 à ${maxKey} lettres minuscules, chiffres ou tirets simples`,
      });
      return;
    }
    const other = seenKey.get(item.key);
    if (other !== undefined) {
      problems.push({
        index,
        field: "key",
        code: "duplicateKey",
        params: { other: other + 1 },
        message: `${name.en}: the key "${item.key}" is already used by item ${other + 1} / ${name.fr} : la clé « ${item.key} » est déjà celle de l'élément ${other + 1}`,
      });
      return;
    }
    seenKey.set(item.key, index);
  });

  if (problems.length > 0) return { ok: false, problems };

  // Kept keys are all known before any new one is made, so a new key never takes a kept one.
  const taken = new Set(seenKey.keys());
  return {
    ok: true,
    items: items.map((item) => {
      if (item.key !== null) return { ...item, key: item.key };
      const slug = slugOf(item.labelFr);
      let key = slug;
      for (let suffix = 2; taken.has(key); suffix++) key = `${slug}-${suffix}`;
      taken.add(key);
      return { ...item, key };
    }),
  };
}

/** The job's lines in one language, in template order; a blank label falls back to the other language. */
export function checklistLabelsFor(
  template: { items: readonly TemplateItem[] },
  language: ChecklistLanguage,
): Array<{ key: string; label: string; required: boolean }> {
  return template.items.map((item) => {
    const [wanted, other] = language === "en" ? [item.labelEn, item.labelFr] : [item.labelFr, item.labelEn];
    return { key: item.key, label: normalizeLabel(wanted) || normalizeLabel(other), required: item.required };
  });
}

/** The list with the item at `index` moved one place; the same list when it cannot move. */
export function moveItem<T>(items: readonly T[], index: number, direction: "up" | "down"): T[] {
  const target = direction === "up" ? index - 1 : index + 1;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return [...items];
  const moved = [...items];
  [moved[index], moved[target]] = [moved[target] as T, moved[index] as T];
  return moved;
}
