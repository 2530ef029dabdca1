import { describe, expect, it } from "vitest";
import { createTranslator } from "use-intl/core";
import errorsEn from "../../../messages/errors/en.json";
import errorsFr from "../../../messages/errors/fr.json";
import { identifierProblemMessage, type IdentifierProblem, type IdentifierProblemMessage } from "./identifier-texts";
import { normalizeMac, normalizeSerial, parseScannedCode, type ScannedCode } from "./identifiers";

// The sentences live in the error catalogs; these tests read them as the phone and the server do.
const translators = {
  en: createTranslator({ locale: "en", messages: errorsEn }),
  fr: createTranslator({ locale: "fr", messages: errorsFr }),
};
function wording(message: IdentifierProblemMessage): { en: string; fr: string } {
  const say = (locale: "en" | "fr") =>
    (translators[locale] as unknown as (key: string, params: Record<string, string | number>) => string)(
      message.key,
      message.params,
    );
  return { en: say("en"), fr: say("fr") };
}

describe("normalizeMac accepts the usual notations", () => {
  it.each([
    ["AA:BB:CC:DD:EE:FF", "AA:BB:CC:DD:EE:FF"],
    ["aa-bb-cc-dd-ee-ff", "AA:BB:CC:DD:EE:FF"],
    ["aabb.ccdd.eeff", "AA:BB:CC:DD:EE:FF"],
    ["AABBCCDDEEFF", "AA:BB:CC:DD:EE:FF"],
    [" AABBCCDDEEFF ", "AA:BB:CC:DD:EE:FF"],
    ["D0:5F:AF:12:34:56", "D0:5F:AF:12:34:56"],
    ["d0:5f:af:12:34:56", "D0:5F:AF:12:34:56"],
    ["d0-5f-af-12-34-56", "D0:5F:AF:12:34:56"],
    ["d05f.af12.3456", "D0:5F:AF:12:34:56"],
    ["D05FAF123456", "D0:5F:AF:12:34:56"],
    ["  a8:42:a1:00:00:01 \n", "A8:42:A1:00:00:01"],
    ["00:02:02:ab:cd:ef", "00:02:02:AB:CD:EF"],
    ["02:00:00:00:00:01", "02:00:00:00:00:01"],
  ])("%j → %s", (input, expected) => {
    expect(normalizeMac(input)).toEqual({ ok: true, value: expected });
  });
});

describe("normalizeMac refuses, saying why", () => {
  it.each<[string, IdentifierProblem, RegExp, RegExp]>([
    ["", { code: "mac_empty" }, /is empty/, /est vide/],
    ["   ", { code: "mac_empty" }, /is empty/, /est vide/],
    [
      "00:11:22:33:44",
      { code: "mac_length", input: "00:11:22:33:44", hexDigits: 10 },
      /^MAC 00:11:22:33:44 has 5 bytes, needs 6$/,
      /a 5 octets, il en faut 6/,
    ],
    [
      "00:11:22:33:44:55:66",
      { code: "mac_length", input: "00:11:22:33:44:55:66", hexDigits: 14 },
      /has 7 bytes, needs 6/,
      /a 7 octets/,
    ],
    [
      "0:11:22:33:44:55",
      { code: "mac_length", input: "0:11:22:33:44:55", hexDigits: 11 },
      /has 11 hex digits, needs 12 \(6 bytes\)/,
      /11 chiffres hexadécimaux/,
    ],
    ["::", { code: "mac_length", input: "::", hexDigits: 0 }, /has 0 bytes/, /a 0 octet,/],
    [
      "00:11:22:33:44:GG",
      { code: "mac_character", input: "00:11:22:33:44:GG", character: "G", position: 16 },
      /"G" \(character 16\) is not a hexadecimal digit/,
      /«\sG\s» \(caractère 16\)/,
    ],
    [
      "D0:5F:AF:12:34:5O",
      { code: "mac_character", input: "D0:5F:AF:12:34:5O", character: "O", position: 17 },
      /the letter O\? type the digit 0/,
      /tapez le chiffre 0/,
    ],
    [
      "00 11 22 33 44 55",
      { code: "mac_character", input: "00 11 22 33 44 55", character: " ", position: 3 },
      /a space \(character 3\)/,
      /l'espace \(caractère 3\)/,
    ],
    [
      "00:11:22:33:44:5l",
      { code: "mac_character", input: "00:11:22:33:44:5l", character: "l", position: 17 },
      /the letter L\? type the digit 1/,
      /la lettre L/,
    ],
    [
      "00:11:22-33:44:55",
      { code: "mac_layout", input: "00:11:22-33:44:55" },
      /misplaced or mixed separators; write it AA:BB:CC:DD:EE:FF/,
      /séparateurs mal placés/,
    ],
    ["001:122:334:455", { code: "mac_layout", input: "001:122:334:455" }, /misplaced/, /mal placés/],
    [
      "00:00:00:00:00:00",
      { code: "mac_zero", mac: "00:00:00:00:00:00" },
      /all zeros, not a device's address/,
      /que des zéros/,
    ],
    [
      "ff-ff-ff-ff-ff-ff",
      { code: "mac_broadcast", mac: "FF:FF:FF:FF:FF:FF" },
      /FF:FF:FF:FF:FF:FF is the broadcast address/,
      /diffusion générale/,
    ],
    [
      "01:00:5E:00:00:FB",
      { code: "mac_multicast", mac: "01:00:5E:00:00:FB", firstByte: "01" },
      /multicast address \(first byte 01 is odd\)/,
      /premier octet 01 impair/,
    ],
    [
      "33:33:00:00:00:01",
      { code: "mac_multicast", mac: "33:33:00:00:00:01", firstByte: "33" },
      /first byte 33 is odd/,
      /33 impair/,
    ],
  ])("%j", (input, problem, en, fr) => {
    const result = normalizeMac(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatchObject(problem);
    expect(wording(result.message).en).toMatch(en);
    expect(wording(result.message).fr).toMatch(fr);
  });
});

describe("normalizeSerial", () => {
  it.each([
    ["ALCLB1C2D3E4", "ALCLB1C2D3E4"],
    ["  alclb1c2d3e4\t", "ALCLB1C2D3E4"],
    ["rt-00a1/b_2", "RT-00A1/B_2"],
    ["ABCD", "ABCD"],
    ["A".repeat(64), "A".repeat(64)],
  ])("%j → %s", (input, expected) => {
    expect(normalizeSerial(input)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, IdentifierProblem, RegExp, RegExp]>([
    ["", { code: "serial_empty" }, /serial number is empty/, /numéro de série est vide/],
    [
      "ABC",
      { code: "serial_length", serial: "ABC", length: 3 },
      /^Serial ABC has 3 characters, needs 4 to 64$/,
      /a 3 caractères, il en faut de 4 à 64/,
    ],
    [
      "A".repeat(65),
      { code: "serial_length", length: 65 } as IdentifierProblem,
      /A{39}… has 65 characters/,
      /65 caractères/,
    ],
    [
      "ABC 123",
      { code: "serial_character", serial: "ABC 123", character: " ", position: 4 },
      /a space \(character 4\) is not allowed; only letters A-Z, digits and "-", "_", "\/" are/,
      /l'espace \(caractère 4\) n'est pas permis/,
    ],
    [
      "ABC.123",
      { code: "serial_character", serial: "ABC.123", character: ".", position: 4 },
      /"\." \(character 4\)/,
      /«\s\.\s»/,
    ],
    [
      "straße12",
      { code: "serial_character", serial: "straße12", character: "ß", position: 5 },
      /"ß" \(character 5\)/,
      /«\sß\s»/,
    ],
    [
      "ABC\u0007123",
      { code: "serial_character", character: "\u0007", position: 4 } as IdentifierProblem,
      /the invisible character U\+0007/,
      /caractère invisible U\+0007/,
    ],
  ])("%j is refused", (input, problem, en, fr) => {
    const result = normalizeSerial(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatchObject(problem);
    expect(wording(result.message).en).toMatch(en);
    expect(wording(result.message).fr).toMatch(fr);
  });
});

describe("parseScannedCode", () => {
  it.each<[string, ScannedCode]>([
    // Bare values.
    ["ALCLB1C2D3E4", { serial: "ALCLB1C2D3E4" }],
    ["alclb1c2d3e4\r\n", { serial: "ALCLB1C2D3E4" }],
    ["D0:5F:AF:12:34:56", { mac: "D0:5F:AF:12:34:56" }],
    ["d05faf123456", { mac: "D0:5F:AF:12:34:56" }],
    ["d05f.af12.3456", { mac: "D0:5F:AF:12:34:56" }],
    ["SN12345", { serial: "SN12345" }],
    ["MAC-1234", { serial: "MAC-1234" }],
    // Labels.
    ["S/N: ABC123 MAC: 00:11:22:33:44:55", { serial: "ABC123", mac: "00:11:22:33:44:55" }],
    ["SN:ABC123;MAC:001122334455", { serial: "ABC123", mac: "00:11:22:33:44:55" }],
    ["sn=rt00a1b2;mac=a8-42-a1-00-00-01", { serial: "RT00A1B2", mac: "A8:42:A1:00:00:01" }],
    [
      "Serial Number: ALCLB1C2D3E4\nMAC Address: D0:5F:AF:12:34:56",
      { serial: "ALCLB1C2D3E4", mac: "D0:5F:AF:12:34:56" },
    ],
    ["Model: G-010G-Q\nSerial No. ALCLB1C2D3E4\n", { serial: "ALCLB1C2D3E4" }],
    ["GPON SN: ALCLB1C2D3E4, MAC ID: D0:5F:AF:12:34:56.", { serial: "ALCLB1C2D3E4", mac: "D0:5F:AF:12:34:56" }],
    ["N° de série : AMN0A1B2C3 Adresse MAC : 00:02:02:0A:1B:2C", { serial: "AMN0A1B2C3", mac: "00:02:02:0A:1B:2C" }],
    ["Numéro de série: GS123456", { serial: "GS123456" }],
    ["MAC: 00:11:22:33:44", { mac: "00:11:22:33:44" }],
    ["iMAC 1234 SN: ABCD1", { serial: "ABCD1" }],
    // GS1.
    ["(21)ABC123", { serial: "ABC123" }],
    ["(01)09506000134352(21)alclb1c2d3e4(10)LOT7", { serial: "ALCLB1C2D3E4" }],
    ["]C10109506000134352\u001d21ABC123\u001d10LOT7", { serial: "ABC123" }],
    ["010950600013435221ABC123", { serial: "ABC123" }],
    ["]d2101234\u001d21ZX9876", { serial: "ZX9876" }],
    // URLs and JSON from QR codes.
    [
      "https://cpe.example.test/register?sn=ALCLB1C2D3E4&mac=d0-5f-af-12-34-56",
      { serial: "ALCLB1C2D3E4", mac: "D0:5F:AF:12:34:56" },
    ],
    ['{"serialNumber":"rt00a1b2","macAddress":"a842a1000001"}', { serial: "RT00A1B2", mac: "A8:42:A1:00:00:01" }],
    // A mistyped MAC goes to the MAC field, where its error is specific.
    ["00:11:22:33:44", { mac: "00:11:22:33:44" }],
    ["ABC123 00:11:22:33:44:55", { serial: "ABC123", mac: "00:11:22:33:44:55" }],
    // Nothing to read.
    ["", {}],
    ["  \n ", {}],
    ["https://example.test/", {}],
    ["Nokia G-010G-Q ONT", {}],
  ])("%j", (text, expected) => {
    expect(parseScannedCode(text)).toEqual(expected);
  });

  it("keeps an invalid labelled value as scanned, so the form can show it and its error", () => {
    const code = parseScannedCode("S/N: AB MAC: 01:00:5E:00:00:FB");
    expect(code).toEqual({ serial: "AB", mac: "01:00:5E:00:00:FB" });
    expect(normalizeMac(code.mac!).ok).toBe(false);
  });
});

describe("identifierProblemMessage", () => {
  // Server refusals carry both languages as "English / Français"; the phone splits on " / ".
  it.each<IdentifierProblem>([
    { code: "mac_empty" },
    { code: "mac_character", input: "00:11", character: "/", position: 3 },
    { code: "mac_length", input: "00", hexDigits: 2 },
    { code: "mac_layout", input: "0011:2233:4455" },
    { code: "mac_multicast", mac: "01:00:5E:00:00:01", firstByte: "01" },
    { code: "mac_zero", mac: "00:00:00:00:00:00" },
    { code: "mac_broadcast", mac: "FF:FF:FF:FF:FF:FF" },
    { code: "serial_empty" },
    { code: "serial_character", serial: "AB.C", character: ".", position: 3 },
    { code: "serial_length", serial: "AB", length: 2 },
  ])("$code has no ' / ' in either language", (problem) => {
    const text = wording(identifierProblemMessage(problem));
    expect(text.en).not.toContain(" / ");
    expect(text.fr).not.toContain(" / ");
  });

  // The sentences the code built before they moved to the catalogs, word for word.
  it.each<[IdentifierProblem, string, string]>([
    [
      { code: "mac_character", input: "0O:11", character: "O", position: 2 },
      'MAC 0O:11: "O" (character 2) is not a hexadecimal digit, only 0-9 and A-F are (the letter O? type the digit 0)',
      "MAC 0O:11 : «\u00a0O\u00a0» (caractère 2) n'est pas un chiffre hexadécimal, seuls 0 à 9 et A à F le sont (la lettre O ? tapez le chiffre 0)",
    ],
    [
      { code: "serial_character", serial: "AB\tC", character: "\t", position: 3 },
      'Serial AB\tC: the invisible character U+0009 (character 3) is not allowed; only letters A-Z, digits and "-", "_", "/" are',
      "Numéro de série AB\tC : le caractère invisible U+0009 (caractère 3) n'est pas permis ; seuls les lettres A à Z, les chiffres et «\u00a0-\u00a0», «\u00a0_\u00a0», «\u00a0/\u00a0» le sont",
    ],
    [
      { code: "mac_length", input: "00", hexDigits: 2 },
      "MAC 00 has 1 byte, needs 6",
      "La MAC 00 a 1 octet, il en faut 6",
    ],
    [
      { code: "mac_length", input: "001", hexDigits: 3 },
      "MAC 001 has 3 hex digits, needs 12 (6 bytes)",
      "La MAC 001 a 3 chiffres hexadécimaux, il en faut 12 (6 octets)",
    ],
    [
      { code: "serial_length", serial: "A", length: 1 },
      "Serial A has 1 character, needs 4 to 64",
      "Le numéro de série A a 1 caractère, il en faut de 4 à 64",
    ],
  ])("words %j as before", (problem, en, fr) => {
    expect(wording(identifierProblemMessage(problem))).toEqual({ en, fr });
  });

  it("cuts a pasted paragraph so the sentence stays readable", () => {
    const text = wording(identifierProblemMessage({ code: "mac_layout", input: "x".repeat(100) }));
    expect(text.en).toContain(`${"x".repeat(39)}…`);
    expect(text.en).not.toContain("x".repeat(40));
  });
});
