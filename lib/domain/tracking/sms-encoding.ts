/**
 * SMS length as carriers bill it. A message written only in the GSM-7 alphabet fits 160
 * characters in one segment; a single character outside it (ê, ô, ç, a curly apostrophe, the
 * no-break space Intl puts in French times) switches the whole message to UCS-2 and 70
 * characters. Quebec names are full of such letters, so texts are folded into GSM-7 first:
 * "Jérôme" becomes "Jérome" (é is GSM-7, ô is not), which reads fine and costs one segment.
 */

const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/** Reachable through the escape code: each counts as two characters. */
const GSM7_EXTENDED = "\f^{}\\[~]|€";
const BASIC = new Set(GSM7_BASIC);
const EXTENDED = new Set(GSM7_EXTENDED);

const REPLACEMENTS: Record<string, string> = {
  "\u00a0": " ",
  "\u202f": " ",
  "\u2009": " ",
  "’": "'",
  "‘": "'",
  "“": '"',
  "”": '"',
  "«": '"',
  "»": '"',
  "–": "-",
  "—": "-",
  "…": "...",
  œ: "oe",
  Œ: "OE",
  ç: "c",
};

export function isGsm7(text: string): boolean {
  for (const char of text) if (!BASIC.has(char) && !EXTENDED.has(char)) return false;
  return true;
}

/** Replaces what GSM-7 lacks with its nearest letter (accent dropped), or "?" for what has none. */
export function toGsm7(text: string): string {
  let out = "";
  for (const char of text) {
    if (BASIC.has(char) || EXTENDED.has(char)) out += char;
    else if (REPLACEMENTS[char] !== undefined) out += REPLACEMENTS[char];
    else {
      const bare = char.normalize("NFD").replace(/\p{M}/gu, "");
      out += bare !== char && isGsm7(bare) ? bare : "?";
    }
  }
  return out;
}

/** Segments a carrier counts for this text (153 GSM-7 or 67 UCS-2 characters per part once split). */
export function smsSegments(text: string): number {
  if (isGsm7(text)) {
    let septets = 0;
    for (const char of text) septets += EXTENDED.has(char) ? 2 : 1;
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  // UCS-2 counts UTF-16 code units.
  return text.length <= 70 ? 1 : Math.ceil(text.length / 67);
}
