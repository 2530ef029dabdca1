/**
 * What a person typed into the ticket search box, as the words the database matches (each word
 * by its French or its English stem, all words required), and the highlighted snippets it
 * sends back, as plain text parts (never HTML: message bodies come from customers).
 */
export const SEARCH_MAX_TERMS = 8;

/** Start and end of a highlighted run in a snippet; control characters never typed in a message. */
export const HIT_START = "\u0001";
export const HIT_END = "\u0002";

/** Distinct words of a query, lower-cased, punctuation dropped (hyphens and apostrophes kept inside words). */
export function searchTerms(query: string): string[] {
  const words = query
    .normalize("NFC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}'’-]+/u)
    .map((w) => w.replace(/^['’-]+|['’-]+$/g, ""))
    .filter((w) => w.length > 0 && w.length <= 50);
  return [...new Set(words)].slice(0, SEARCH_MAX_TERMS);
}

export interface HighlightPart {
  text: string;
  hit: boolean;
}

/** A snippet from the database as parts to render, the hits marked. */
export function highlightParts(snippet: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  let hit = false;
  let text = "";
  for (const ch of snippet) {
    if (ch === HIT_START || ch === HIT_END) {
      if (text) parts.push({ text, hit });
      text = "";
      hit = ch === HIT_START;
    } else text += ch;
  }
  if (text) parts.push({ text, hit });
  return parts;
}

export const hasHit = (snippet: string | null | undefined): boolean => !!snippet && snippet.includes(HIT_START);
