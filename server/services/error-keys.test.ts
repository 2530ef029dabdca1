/**
 * Every message key the schemas and services name (D6, "one error vocabulary") is in both error
 * catalogs, and each key's French and English sentences take the same parameters, so a refusal
 * never reaches a person as a bare key or a sentence with a hole in it.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import errorsFr from "../../messages/errors/fr.json";
import errorsEn from "../../messages/errors/en.json";
import checklistsFr from "../../messages/checklists/fr.json";

const ROOT = join(__dirname, "..", "..");
/** Where keys are written: zod messages, service errors, and the refusals the technician phone translates. */
const SOURCES = ["lib/schemas", "lib/domain", "server/services", "server/web", "server/trpc", "components/tech"];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Whole keys written as string literals; keys built at run time (`errors.notFound.${entity}`) are checked below. */
function keysUsed(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of SOURCES.flatMap(sourceFiles)) {
    // Comments name keys and namespaces in backquotes too; only the code's are checked.
    const text = readFileSync(join(ROOT, file), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/(^|\s)\/\/.*$/gm, "$1");
    for (const match of text.matchAll(/["'`](errors(?:\.[A-Za-z0-9_]+)+)["'`]/g)) {
      used.set(match[1]!, [...(used.get(match[1]!) ?? []), relative(ROOT, join(ROOT, file))]);
    }
  }
  return used;
}

function lookup(catalog: unknown, key: string): unknown {
  return key
    .split(".")
    .reduce<unknown>(
      (node, part) => (typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : undefined),
      catalog,
    );
}

function leaves(value: unknown, prefix: string): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, `${prefix}.${key}`));
}

/**
 * The argument names of an ICU message: `{name}`, `{name, number, …}`, and those inside the
 * branches of `{name, plural|select|selectordinal, a {…} other {…}}` (whose branch texts are not arguments).
 */
export function icuArguments(message: string): string[] {
  const names = new Set<string>();
  let at = 0;
  const readMessage = (): void => {
    while (at < message.length && message[at] !== "}") {
      if (message[at] === "{") {
        at += 1;
        readArgument();
      } else {
        at += 1;
      }
    }
  };
  const readArgument = (): void => {
    const name = /^\s*([^\s,{}]+)\s*/.exec(message.slice(at))!;
    names.add(name[1]!);
    at += name[0].length;
    if (message[at] === "}") {
      at += 1;
      return;
    }
    at += 1; // ","
    const type = /^\s*(\w+)\s*/.exec(message.slice(at))!;
    at += type[0].length;
    if (["plural", "select", "selectordinal"].includes(type[1]!)) {
      at += 1; // ","
      for (;;) {
        const selector = /^\s*([^\s{}]+)\s*/.exec(message.slice(at));
        if (!selector) break;
        at += selector[0].length;
        at += 1; // "{"
        readMessage();
        at += 1; // "}"
      }
      while (message[at] !== "}") at += 1;
      at += 1;
      return;
    }
    let depth = 1; // a style such as ", ::currency/CAD"
    while (depth > 0 && at < message.length) {
      if (message[at] === "{") depth += 1;
      if (message[at] === "}") depth -= 1;
      at += 1;
    }
  };
  readMessage();
  return [...names].sort();
}

describe("error message keys", () => {
  const used = keysUsed();

  it("finds the keys it is meant to check", () => {
    expect(used.has("errors.input.calendarDate")).toBe(true);
    expect(used.has("errors.equipment.macMismatch")).toBe(true);
    expect(used.size).toBeGreaterThan(50);
  });

  it("every key the code names is a sentence in French and in English", () => {
    const missing = [...used].flatMap(([key, files]) =>
      (["fr", "en"] as const)
        .filter((locale) => typeof lookup(locale === "fr" ? errorsFr : errorsEn, key) !== "string")
        .map((locale) => `${key} (${locale}) used in ${[...new Set(files)].join(", ")}`),
    );
    expect(missing).toEqual([]);
  });

  it("keys built at run time: each checklist template problem has its refusal", () => {
    const codes = Object.keys(checklistsFr.checklists.problems);
    expect(codes.filter((code) => typeof lookup(errorsFr, `errors.checklists.${code}`) !== "string")).toEqual([]);
    expect(lookup(errorsFr, "errors.notFound.other")).toEqual(expect.any(String));
  });

  it("each key's French and English sentences take the same parameters", () => {
    // A parameter given in each language (nameFr / nameEn, or fr / en) counts as one.
    const sameAcross = (names: string[]) =>
      names.map((name) => (/^(?:fr|en)$/.test(name) ? "(text)" : name.replace(/(?:Fr|En)$/, ""))).sort();
    const differ = leaves(errorsFr.errors, "errors")
      .map((key) => ({
        key,
        fr: sameAcross(icuArguments(lookup(errorsFr, key) as string)),
        en: sameAcross(icuArguments(lookup(errorsEn, key) as string)),
      }))
      .filter(({ fr, en }) => fr.join() !== en.join());
    expect(differ).toEqual([]);
  });

  it("reads ICU arguments, not the words of select and plural branches", () => {
    expect(
      icuArguments(
        "Élément {item} : le libellé {language, select, en {anglais} other {français}} a {count, plural, one {# caractère} other {# caractères}}",
      ),
    ).toEqual(["count", "item", "language"]);
    expect(icuArguments("{who, select, nobody {Quelqu'un} other {{who}}} a {amount, number, ::currency/CAD}")).toEqual([
      "amount",
      "who",
    ]);
  });
});
