/**
 * Serial numbers and MAC addresses as the technician types or scans them, checked and put in
 * the one form the database keeps (service_equipment: MAC AA:BB:CC:DD:EE:FF, serial unique
 * whatever its case). A refusal carries its reason so the technician can fix the one wrong
 * character instead of retyping a label.
 */
import { identifierProblemMessage, type IdentifierProblem, type IdentifierProblemMessage } from "./identifier-texts";

export type Normalized =
  { ok: true; value: string } | { ok: false; problem: IdentifierProblem; message: IdentifierProblemMessage };

function refuse(problem: IdentifierProblem): Normalized {
  return { ok: false, problem, message: identifierProblemMessage(problem) };
}

const HEX = /^[0-9A-Fa-f]$/;
const MAC_SEPARATORS = new Set([":", "-", "."]);
// The notations labels, switches and operating systems print; anything else is a typo, and
// guessing where its bytes start could install the wrong device.
const MAC_LAYOUTS = [
  /^[0-9A-F]{12}$/,
  /^([0-9A-F]{2}:){5}[0-9A-F]{2}$/,
  /^([0-9A-F]{2}-){5}[0-9A-F]{2}$/,
  /^([0-9A-F]{4}\.){2}[0-9A-F]{4}$/,
];

/** `aa-bb-cc-dd-ee-ff`, `aabb.ccdd.eeff`, `AABBCCDDEEFF` → `AA:BB:CC:DD:EE:FF`, or why not. */
export function normalizeMac(input: string): Normalized {
  const text = input.trim();
  if (text === "") return refuse({ code: "mac_empty" });
  const chars = Array.from(text);
  let hexDigits = 0;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (HEX.test(c)) hexDigits++;
    else if (!MAC_SEPARATORS.has(c))
      return refuse({ code: "mac_character", input: text, character: c, position: i + 1 });
  }
  if (hexDigits !== 12) return refuse({ code: "mac_length", input: text, hexDigits });
  const upper = text.toUpperCase();
  if (!MAC_LAYOUTS.some((layout) => layout.test(upper))) return refuse({ code: "mac_layout", input: text });
  const digits = upper.replace(/[^0-9A-F]/g, "");
  const mac = digits.match(/../g)!.join(":");
  if (digits === "000000000000") return refuse({ code: "mac_zero", mac });
  if (digits === "FFFFFFFFFFFF") return refuse({ code: "mac_broadcast", mac });
  // The lowest bit of the first byte marks a group address: frames to it reach many
  // interfaces, so no device owns it, and a label showing one was misread.
  const firstByte = digits.slice(0, 2);
  if (parseInt(firstByte, 16) & 1) return refuse({ code: "mac_multicast", mac, firstByte });
  return { ok: true, value: mac };
}

const SERIAL_CHARACTER = /^[A-Za-z0-9_/-]$/;

/** Trimmed and upper-cased, 4 to 64 of A–Z 0–9 - _ /, or why not. */
export function normalizeSerial(input: string): Normalized {
  const text = input.trim();
  if (text === "") return refuse({ code: "serial_empty" });
  const chars = Array.from(text);
  // Checked before upper-casing: "ß".toUpperCase() is "SS", which would turn a typo into a serial.
  const bad = chars.findIndex((c) => !SERIAL_CHARACTER.test(c));
  if (bad >= 0)
    return refuse({ code: "serial_character", serial: text, character: chars[bad] as string, position: bad + 1 });
  if (chars.length < 4 || chars.length > 64)
    return refuse({ code: "serial_length", serial: text, length: chars.length });
  return { ok: true, value: text.toUpperCase() };
}

export interface ScannedCode {
  serial?: string;
  mac?: string;
}

/** The canonical value when it is valid; else the text as scanned, so the form shows it and its error. */
function kept(raw: string, normalize: (input: string) => Normalized): string {
  const result = normalize(raw);
  return result.ok ? result.value : raw.trim();
}

function found(serial: string | undefined, mac: string | undefined): ScannedCode {
  const code: ScannedCode = {};
  if (serial !== undefined && serial.trim() !== "") code.serial = kept(serial, normalizeSerial);
  if (mac !== undefined && mac.trim() !== "") code.mac = kept(mac, normalizeMac);
  return code;
}

const SERIAL_KEYS = new Set([
  "sn",
  "s/n",
  "serial",
  "serialnumber",
  "serialno",
  "serialnum",
  "gponsn",
  "noserie",
  "numerodeserie",
]);
const MAC_KEYS = new Set(["mac", "macaddress", "macaddr", "macid", "basemac", "ethmac", "wanmac", "adressemac"]);

/** "Serial No." and "serial_number" are the same key. */
function keyOf(name: string): string {
  const plain = name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
  return plain === "s/n" ? plain : plain.replace(/[^a-z]/g, "");
}

function fromPairs(pairs: Iterable<[string, unknown]>): ScannedCode | null {
  let serial: string | undefined;
  let mac: string | undefined;
  for (const [name, value] of pairs) {
    if (typeof value !== "string" && typeof value !== "number") continue;
    const key = keyOf(name);
    if (serial === undefined && SERIAL_KEYS.has(key)) serial = String(value);
    if (mac === undefined && MAC_KEYS.has(key)) mac = String(value);
  }
  return serial === undefined && mac === undefined ? null : found(serial, mac);
}

// GS1 application identifiers of a fixed length; (21) is the serial number. Variable-length
// ones end at the group separator. An identifier not listed stops the reading: its length is
// unknown, so whatever follows cannot be trusted.
const GS1_FIXED: Record<string, number> = {
  "00": 18,
  "01": 14,
  "02": 14,
  "03": 14,
  "04": 16,
  "11": 6,
  "12": 6,
  "13": 6,
  "15": 6,
  "16": 6,
  "17": 6,
  "20": 2,
};
const GS1_VARIABLE = new Set([
  "10",
  "21",
  "22",
  "240",
  "241",
  "250",
  "251",
  "90",
  "91",
  "92",
  "93",
  "94",
  "95",
  "96",
  "97",
  "98",
  "99",
]);
const GROUP_SEPARATOR = String.fromCharCode(0x1d);

function withoutLeading(text: string, char: string): string {
  let start = 0;
  while (text[start] === char) start++;
  return text.slice(start);
}

/**
 * Control characters become spaces (a scanner ends with CR or tab, a QR code has line breaks),
 * except GS1's group separator, which ends a variable-length field.
 */
function controlsAsSpaces(text: string): string {
  return Array.from(text, (c) => {
    const point = c.codePointAt(0)!;
    return (point < 0x20 || point === 0x7f) && c !== GROUP_SEPARATOR ? " " : c;
  }).join("");
}

function gs1Serial(elements: string): string | undefined {
  let rest = withoutLeading(elements, GROUP_SEPARATOR);
  while (rest.length > 0) {
    const fixed = Object.keys(GS1_FIXED).find((ai) => rest.startsWith(ai));
    if (fixed) {
      rest = withoutLeading(rest.slice(fixed.length + GS1_FIXED[fixed]!), GROUP_SEPARATOR);
      continue;
    }
    const variable = [rest.slice(0, 3), rest.slice(0, 2)].find((ai) => GS1_VARIABLE.has(ai));
    if (!variable) return undefined;
    const end = rest.indexOf(GROUP_SEPARATOR);
    const value = end < 0 ? rest.slice(variable.length) : rest.slice(variable.length, end);
    if (variable === "21") return value;
    rest = end < 0 ? "" : rest.slice(end + 1);
  }
  return undefined;
}

// "S/N: ABC123", "SN=ABC123", "Serial No. ABC123", "N° de série ABC123", "MAC Address: …". The
// key must not be the end of a longer word ("iMAC"), and a key glued to its value ("SN12345")
// is a bare serial that happens to start with SN.
const LABEL = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(s\/n|sn|serial(?:[\s_-]*(?:number|num|no\.?|#))?|gpon[\s_-]*sn|n[°o]\.?\s*(?:de\s*)?s[ée]rie|num[ée]ro\s*de\s*s[ée]rie|mac(?:[\s_-]*(?:address|addr|id))?|adresse\s*mac|(?:base|eth|wan)[\s_-]*mac)(?:\s*[:=#]\s*|\s+)([^\s;,|]+)`,
  "giu",
);

function fromLabels(text: string): ScannedCode | null {
  const pairs: [string, string][] = [];
  for (const match of text.matchAll(LABEL)) {
    const name = /^n[°o]/i.test(match[1]!) ? "noserie" : match[1]!;
    pairs.push([name, match[2]!.replace(/[.,;]+$/, "")]);
  }
  return fromPairs(pairs);
}

/**
 * What a barcode or QR scanner returned, read as a serial and/or a MAC: a bare value, a label
 * ("S/N: ABC123 MAC: 00:11:22:33:44:55", "SN:…;MAC:…"), GS1 ("(21)ABC123", or raw with its
 * group separators), a URL with sn/mac parameters or a JSON object. Nothing recognized gives
 * `{}`. A bare 12-hex-digit value is read as a MAC: MAC barcodes on CPE labels are printed
 * without separators, and the form shows which field it filled.
 */
export function parseScannedCode(scanned: string): ScannedCode {
  // A scanner may prefix the symbology (]C1 is GS1-128, ]d2 GS1 DataMatrix, ]Q3 GS1 QR).
  const symbology = /^\][A-Za-z]\d/.exec(scanned.trim())?.[0] ?? "";
  const gs1Symbology = ["]C1", "]d2", "]Q3", "]e0", "]J1"].includes(symbology);
  const text = controlsAsSpaces(scanned.trim().slice(symbology.length)).trim();
  if (text === "") return {};

  if (/^\(\d{2,4}\)/.test(text)) {
    const serial = /\(21\)([^()]+)/.exec(text)?.[1]?.split(GROUP_SEPARATOR)[0];
    return found(serial, undefined);
  }
  if (gs1Symbology || text.includes(GROUP_SEPARATOR) || /^01\d{14}21/.test(text)) {
    const serial = gs1Serial(text.replace(/\s+$/, ""));
    if (serial !== undefined) return found(serial, undefined);
  }
  if (/^https?:\/\//i.test(text)) {
    try {
      return fromPairs(new URL(text).searchParams.entries()) ?? {};
    } catch {
      return {};
    }
  }
  if (text.startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === "object") return fromPairs(Object.entries(parsed)) ?? {};
    } catch {
      // Not JSON after all: read it as text below.
    }
  }
  const plain = text.replaceAll(GROUP_SEPARATOR, " ");
  const labelled = fromLabels(plain);
  if (labelled) return labelled;

  const tokens = plain.split(/[\s;,|]+/).filter((t) => t !== "");
  const macs = tokens.filter(isMacLike);
  const others = tokens.filter((t) => !isMacLike(t));
  // Several unlabelled words ("Nokia G-010G-Q ALCLB1C2D3E4") leave no way to tell the serial.
  return found(others.length === 1 ? others[0] : undefined, macs[0]);
}

/**
 * A MAC, or a mistyped one: hex digits with a colon or a dot, which no serial may contain. It
 * goes to the MAC field, where its error says "5 bytes, needs 6" rather than "':' not allowed".
 */
function isMacLike(token: string): boolean {
  return normalizeMac(token).ok || (/^[0-9A-Fa-f:.-]+$/.test(token) && /[:.]/.test(token));
}
