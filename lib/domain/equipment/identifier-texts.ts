/**
 * Why a serial number or a MAC address was refused, as a code with its parameters, and the
 * message key that words it (messages/errors/{fr,en}.json, `errors.equipment.identifierProblem`).
 * The phone checks what the technician typed or scanned before it queues anything (it is often
 * offline) and translates the key itself; the server refuses with the same key, so both sides
 * say the same sentence.
 */

export type IdentifierProblem =
  | { code: "mac_empty" }
  | { code: "mac_character"; input: string; character: string; position: number }
  | { code: "mac_length"; input: string; hexDigits: number }
  | { code: "mac_layout"; input: string }
  | { code: "mac_multicast"; mac: string; firstByte: string }
  | { code: "mac_zero"; mac: string }
  | { code: "mac_broadcast"; mac: string }
  | { code: "serial_empty" }
  | { code: "serial_character"; serial: string; character: string; position: number }
  | { code: "serial_length"; serial: string; length: number };

export type IdentifierProblemCode = IdentifierProblem["code"];

/** A message key under `errors` and the parameters its French and English sentences use. */
export interface IdentifierProblemMessage {
  key: string;
  params: Record<string, string | number>;
}

/**
 * How a character is named in a sentence: a space or an invisible character is named in words
 * (shown as itself it would read as nothing), anything else is quoted. `charKind` selects the
 * wording in the catalogs; `codePoint` names an invisible one.
 */
function characterParams(character: string): {
  charKind: "space" | "invisible" | "plain";
  character: string;
  codePoint: string;
} {
  const point = character.codePointAt(0) ?? 0;
  const codePoint = `U+${point.toString(16).toUpperCase().padStart(4, "0")}`;
  if (character === " ") return { charKind: "space", character, codePoint };
  if (point < 0x20 || (point >= 0x7f && point <= 0xa0) || character.trim() === "")
    return { charKind: "invisible", character, codePoint };
  return { charKind: "plain", character, codePoint };
}

/** Letters a technician types for look-alike digits when copying a label by hand; "none" otherwise. */
function lookAlike(character: string): "O" | "I" | "L" | "none" {
  const upper = character.toUpperCase();
  return upper === "O" || upper === "I" || upper === "L" ? upper : "none";
}

/** A pasted paragraph would drown the sentence; its start is enough to recognize it. */
function cut(text: string): string {
  const chars = Array.from(text);
  return chars.length > 40 ? `${chars.slice(0, 39).join("")}…` : text;
}

export function identifierProblemMessage(problem: IdentifierProblem): IdentifierProblemMessage {
  switch (problem.code) {
    case "mac_empty":
      return { key: "errors.equipment.identifierProblem.macEmpty", params: {} };
    case "mac_character":
      return {
        key: "errors.equipment.identifierProblem.macCharacter",
        params: {
          input: cut(problem.input),
          position: problem.position,
          hint: lookAlike(problem.character),
          ...characterParams(problem.character),
        },
      };
    case "mac_length":
      // An even count reads best as bytes; an odd one can only be counted in digits.
      return problem.hexDigits % 2 === 0
        ? {
            key: "errors.equipment.identifierProblem.macBytes",
            params: { input: cut(problem.input), bytes: problem.hexDigits / 2 },
          }
        : {
            key: "errors.equipment.identifierProblem.macDigits",
            params: { input: cut(problem.input), digits: problem.hexDigits },
          };
    case "mac_layout":
      return { key: "errors.equipment.identifierProblem.macLayout", params: { input: cut(problem.input) } };
    case "mac_multicast":
      return {
        key: "errors.equipment.identifierProblem.macMulticast",
        params: { mac: problem.mac, firstByte: problem.firstByte },
      };
    case "mac_zero":
      return { key: "errors.equipment.identifierProblem.macZero", params: { mac: problem.mac } };
    case "mac_broadcast":
      return { key: "errors.equipment.identifierProblem.macBroadcast", params: { mac: problem.mac } };
    case "serial_empty":
      return { key: "errors.equipment.identifierProblem.serialEmpty", params: {} };
    case "serial_character":
      return {
        key: "errors.equipment.identifierProblem.serialCharacter",
        params: { serial: cut(problem.serial), position: problem.position, ...characterParams(problem.character) },
      };
    case "serial_length":
      return {
        key: "errors.equipment.identifierProblem.serialLength",
        params: { serial: cut(problem.serial), length: problem.length },
      };
  }
}
