/**
 * Why a serial number or a MAC address was refused, as a code with its parameters, and the
 * sentence for each language. The phone checks what the technician typed or scanned before it
 * queues anything (it is often offline), and the server says the same sentence when it
 * refuses, so both sides share these texts. French first.
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

export interface BilingualText {
  fr: string;
  en: string;
}

/**
 * French quotes hold their text with no-break spaces, as French typography wants; it also keeps
 * a quoted "/" from reading as the " / " between the two languages of a server refusal.
 */
function quoted(text: string): string {
  return `«\u00a0${text}\u00a0»`;
}

/** What a technician reads best: a space or an invisible character named, not shown as nothing. */
function shown(character: string): BilingualText {
  if (character === " ") return { fr: "l'espace", en: "a space" };
  const point = character.codePointAt(0) ?? 0;
  if (point < 0x20 || (point >= 0x7f && point <= 0xa0) || character.trim() === "") {
    const code = `U+${point.toString(16).toUpperCase().padStart(4, "0")}`;
    return { fr: `le caractère invisible ${code}`, en: `the invisible character ${code}` };
  }
  return { fr: quoted(character), en: `"${character}"` };
}

/** Letters a technician types for look-alike digits when copying a label by hand. */
function lookAlikeHint(character: string): BilingualText {
  const upper = character.toUpperCase();
  if (upper === "O") return { fr: " (la lettre O ? tapez le chiffre 0)", en: " (the letter O? type the digit 0)" };
  if (upper === "I" || upper === "L")
    return { fr: ` (la lettre ${upper} ? tapez le chiffre 1)`, en: ` (the letter ${upper}? type the digit 1)` };
  return { fr: "", en: "" };
}

/** A pasted paragraph would drown the sentence; its start is enough to recognize it. */
function cut(text: string): string {
  const chars = Array.from(text);
  return chars.length > 40 ? `${chars.slice(0, 39).join("")}…` : text;
}

const NOTATIONS = "AA:BB:CC:DD:EE:FF, AA-BB-CC-DD-EE-FF, AABB.CCDD.EEFF, AABBCCDDEEFF";

export function describeIdentifierProblem(problem: IdentifierProblem): BilingualText {
  switch (problem.code) {
    case "mac_empty":
      return { fr: "L'adresse MAC est vide", en: "The MAC address is empty" };
    case "mac_character": {
      const c = shown(problem.character);
      const hint = lookAlikeHint(problem.character);
      const input = cut(problem.input);
      return {
        fr: `MAC ${input} : ${c.fr} (caractère ${problem.position}) n'est pas un chiffre hexadécimal, seuls 0 à 9 et A à F le sont${hint.fr}`,
        en: `MAC ${input}: ${c.en} (character ${problem.position}) is not a hexadecimal digit, only 0-9 and A-F are${hint.en}`,
      };
    }
    case "mac_length": {
      const input = cut(problem.input);
      const n = problem.hexDigits;
      if (n % 2 === 0) {
        const bytes = n / 2;
        return {
          fr: `La MAC ${input} a ${bytes} octet${bytes > 1 ? "s" : ""}, il en faut 6`,
          en: `MAC ${input} has ${bytes} byte${bytes === 1 ? "" : "s"}, needs 6`,
        };
      }
      return {
        fr: `La MAC ${input} a ${n} chiffres hexadécimaux, il en faut 12 (6 octets)`,
        en: `MAC ${input} has ${n} hex digit${n === 1 ? "" : "s"}, needs 12 (6 bytes)`,
      };
    }
    case "mac_layout": {
      const input = cut(problem.input);
      return {
        fr: `La MAC ${input} a ses séparateurs mal placés ou mélangés ; écrivez-la ${NOTATIONS}`,
        en: `MAC ${input} has misplaced or mixed separators; write it ${NOTATIONS}`,
      };
    }
    case "mac_multicast":
      return {
        fr: `La MAC ${problem.mac} est une adresse de multidiffusion (premier octet ${problem.firstByte} impair), pas celle d'un appareil`,
        en: `MAC ${problem.mac} is a multicast address (first byte ${problem.firstByte} is odd), not a device's address`,
      };
    case "mac_zero":
      return {
        fr: `La MAC ${problem.mac} ne contient que des zéros, ce n'est pas l'adresse d'un appareil`,
        en: `MAC ${problem.mac} is all zeros, not a device's address`,
      };
    case "mac_broadcast":
      return {
        fr: `La MAC ${problem.mac} est l'adresse de diffusion générale, pas celle d'un appareil`,
        en: `MAC ${problem.mac} is the broadcast address, not a device's address`,
      };
    case "serial_empty":
      return { fr: "Le numéro de série est vide", en: "The serial number is empty" };
    case "serial_character": {
      const c = shown(problem.character);
      const serial = cut(problem.serial);
      return {
        fr: `Numéro de série ${serial} : ${c.fr} (caractère ${problem.position}) n'est pas permis ; seuls les lettres A à Z, les chiffres et ${quoted("-")}, ${quoted("_")}, ${quoted("/")} le sont`,
        en: `Serial ${serial}: ${c.en} (character ${problem.position}) is not allowed; only letters A-Z, digits and "-", "_", "/" are`,
      };
    }
    case "serial_length": {
      const serial = cut(problem.serial);
      return {
        fr: `Le numéro de série ${serial} a ${problem.length} caractère${problem.length > 1 ? "s" : ""}, il en faut de 4 à 64`,
        en: `Serial ${serial} has ${problem.length} character${problem.length === 1 ? "" : "s"}, needs 4 to 64`,
      };
    }
  }
}
