/**
 * A customer's reply to the appointment reminder SMS: 1, OUI or YES confirms the visit; 2, NON or
 * NO asks for another time. The reply must be the word alone, in any case, with or without
 * accents, spaces or the punctuation a phone adds ("Oui.", " OUI! ", "non…"): anything more
 * ("oui mais après 10 h", "2 jours") is a message for an agent, not an answer to file by itself.
 */
export type VisitAnswer = "confirm" | "reschedule";

const CONFIRM = new Set(["1", "OUI", "YES"]);
const RESCHEDULE = new Set(["2", "NON", "NO"]);

export function parseVisitAnswer(body: string): VisitAnswer | null {
  const word = body
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toUpperCase()
    // Punctuation and symbols around the word (phones add a period, emoji-less "!" or "…").
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, "");
  if (CONFIRM.has(word)) return "confirm";
  if (RESCHEDULE.has(word)) return "reschedule";
  return null;
}
