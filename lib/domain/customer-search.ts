/**
 * How a free-text search box query is understood. The office types whatever the
 * caller says: "CUST-00123", "450 555-0101", "marie@", "J2S 4B1", "Tremblay".
 */
export type SearchField = "name" | "phone" | "email" | "address" | "legacyId";

export interface SearchPlan {
  /** Fields to search, in the order results are trusted. */
  fields: SearchField[];
  text: string;
  phoneDigits: string;
}

const LEGACY_ID = /^(cust|acc|c|a)[-\s]?\d+$/i; // CUST-00123, ACC 42
const POSTAL_CODE = /^[a-z]\d[a-z]\s?(\d[a-z]\d)?$/i;

export function digitsOf(value: string): string {
  return value.replace(/\D/g, "");
}

export function planCustomerSearch(rawQuery: string, field: SearchField | "any" = "any"): SearchPlan {
  const text = rawQuery.trim().replace(/\s+/g, " ");
  const phoneDigits = digitsOf(text);
  if (field !== "any") return { fields: [field], text, phoneDigits };

  const looksLikePhone = phoneDigits.length >= 4 && /^[\d\s().+-]+$/.test(text);
  if (LEGACY_ID.test(text)) return { fields: ["legacyId", "name"], text, phoneDigits };
  // Account numbers are digits too; an exact id match is cheap and unambiguous, so it goes first.
  if (looksLikePhone) return { fields: ["legacyId", "phone", "address"], text, phoneDigits };
  if (text.includes("@")) return { fields: ["email"], text, phoneDigits };
  if (POSTAL_CODE.test(text)) return { fields: ["address", "name"], text, phoneDigits };
  // A street number first ("123 rue Principale") is an address.
  if (/^\d+\s+\S/.test(text)) return { fields: ["address"], text, phoneDigits };
  return { fields: ["name", "email", "address"], text, phoneDigits };
}

/** Escapes LIKE wildcards so a user's "%" or "_" is matched literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
