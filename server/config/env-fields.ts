import { z } from "zod";
import { parseRoleMap } from "../../lib/domain/auth/sso-roles";
import { parseSubnetList } from "../../lib/domain/network/ip-address";
import { encryptionKeyId, KEY_ID_FORMAT, type EncryptionKey } from "../crypto/secret-box";

/** What loadConfig reads: process.env, or a plain object in tests and scripts. */
export type RawEnv = Readonly<Record<string, string | undefined>>;

/**
 * `FOO=` in a .env file, an empty CI variable or `FOO="" npm start` all mean "not set": dropping
 * them here lets every default and every "needs X" rule see them as unset, with no `|| undefined` per field.
 */
export function withoutBlankValues(env: RawEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter(
      (entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].trim() !== "",
    ),
  );
}

export function wholeNumber(name: string, min: number, max: number, what = "a whole number") {
  return z.string().transform((raw, ctx) => {
    const value = Number(raw);
    if (/^\s*\d+\s*$/.test(raw) && value >= min && value <= max) return value;
    ctx.issues.push({
      code: "custom",
      input: raw,
      message: `${name} must be ${what} from ${min} to ${max}, got "${raw}"`,
    });
    return z.NEVER;
  });
}

export function dayList(name: string) {
  return z.string().transform((raw, ctx) => {
    const days = raw
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean)
      .map(Number);
    if (days.length > 0 && days.every((day) => Number.isInteger(day) && day >= 0 && day <= 365))
      // A day listed twice is one reminder: dunning's policy wants strictly ascending days.
      return [...new Set(days)].sort((a, b) => a - b);
    ctx.issues.push({
      code: "custom",
      input: raw,
      message: `${name} must be a comma-separated list of whole days from 0 to 365, got "${raw}"`,
    });
    return z.NEVER;
  });
}

/** A line of text a person reads (a name printed on invoices): trimmed, 1 to `max` characters. */
export function printedText(name: string, max: number) {
  return z.string().transform((raw, ctx) => {
    const value = raw.trim();
    if (value.length >= 1 && value.length <= max) return value;
    ctx.issues.push({
      code: "custom",
      input: raw,
      message: `${name} must be 1 to ${max} characters, got ${value.length}`,
    });
    return z.NEVER;
  });
}

/**
 * A Canadian tax registration as printed on invoices: the nine-digit business number and the
 * program (RT for GST/HST, TQ for Quebec's QST: ten digits) and its four-digit reference.
 * Kept as `123456789 RT0001`, whatever spacing or case it was written with.
 */
export function taxNumber(name: string, program: "RT" | "TQ") {
  const digits = program === "RT" ? 9 : 10;
  const pattern = new RegExp(`^(\\d{${digits}})\\s*${program}\\s*(\\d{4})$`, "i");
  return z.string().transform((raw, ctx) => {
    const match = pattern.exec(raw.trim());
    if (match) return `${match[1]} ${program}${match[2]}`;
    ctx.issues.push({
      code: "custom",
      input: raw,
      message: `${name} must be ${digits} digits, ${program} and 4 digits, like ${"1".repeat(digits)} ${program}0001, got "${raw}"`,
    });
    return z.NEVER;
  });
}

const TRUE_WORDS = /^(true|1|yes)$/i;
const FALSE_WORDS = /^(false|0|no)$/i;

/** Checked but kept as written, so that "is it set?" rules still see the raw value; `isYes` reads it afterwards. */
export function yesOrNo(name: string) {
  return z.string().refine((raw) => TRUE_WORDS.test(raw) || FALSE_WORDS.test(raw), {
    error: (issue) => `${name} must be true or false, got "${String(issue.input)}"`,
  });
}

export const isYes = (checked: string): boolean => TRUE_WORDS.test(checked);

export function httpUrl(name: string) {
  return z.string().refine((raw) => /^https?:\/\/[^/]/.test(raw), {
    error: (issue) => `${name} must be an http:// or https:// URL, got "${String(issue.input)}"`,
  });
}

/** better-auth warns below 32 characters; a shorter secret makes forged sessions and tokens guessable. */
export const AUTH_SECRET_MIN_LENGTH = 32;
export const GENERATE_AUTH_SECRET = "generate one with `openssl rand -base64 32`";
export const GENERATE_ENCRYPTION_KEY = "generate one with `openssl rand -hex 32`";
const GENERATE_ENCRYPTION_KEYS_ENTRY = "generate one with `openssl rand -base64 32`";

export const authSecret = z.string().refine((raw) => raw.length >= AUTH_SECRET_MIN_LENGTH, {
  error: (issue) =>
    `AUTH_SECRET must be at least ${AUTH_SECRET_MIN_LENGTH} characters long, not ${String(issue.input).length}: ${GENERATE_AUTH_SECRET}`,
});

/** The shared secret of the inbound email webhook: a relay presents it on every delivery. */
export const INBOUND_EMAIL_SECRET_MIN_LENGTH = 24;
export const inboundEmailSecret = z.string().refine((raw) => raw.length >= INBOUND_EMAIL_SECRET_MIN_LENGTH, {
  error: (issue) =>
    `INBOUND_EMAIL_SECRET must be at least ${INBOUND_EMAIL_SECRET_MIN_LENGTH} characters long, not ${String(issue.input).length}: generate one with \`openssl rand -hex 32\``,
});

function decodeEncryptionKey(value: string): Buffer {
  return /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
}

export function parseEncryptionKey(value: string): Buffer {
  const key = decodeEncryptionKey(value);
  if (key.length !== 32) throw new Error("APP_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64");
  return key;
}

/** Never echoes the value: it is a secret. */
export const encryptionKey = z.string().refine((raw) => decodeEncryptionKey(raw).length === 32, {
  error: `APP_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64: ${GENERATE_ENCRYPTION_KEY}`,
});

/** A key given alone (APP_ENCRYPTION_KEY, the trial's file) gets an id derived from it. */
export function keyWithDerivedId(value: string): EncryptionKey {
  const key = parseEncryptionKey(value);
  return { id: encryptionKeyId(key), key };
}

type KeyListParse = { ok: true; keys: EncryptionKey[] } | { ok: false; problem: string };

/** `id:base64key,id:base64key`, newest first. Problems never quote a key. */
export function parseEncryptionKeyList(raw: string): KeyListParse {
  const keys: EncryptionKey[] = [];
  for (const pair of raw
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const colon = pair.indexOf(":");
    const id = colon < 0 ? "" : pair.slice(0, colon).trim();
    if (!id) return { ok: false, problem: "a pair has no id" };
    if (!KEY_ID_FORMAT.test(id)) return { ok: false, problem: `the id "${id.slice(0, 40)}" is not allowed` };
    const key = Buffer.from(pair.slice(colon + 1).trim(), "base64");
    if (key.length !== 32) return { ok: false, problem: `the key of "${id}" is not 32 bytes` };
    if (keys.some((k) => k.id === id)) return { ok: false, problem: `the id "${id}" is used twice` };
    keys.push({ id, key });
  }
  return keys.length > 0 ? { ok: true, keys } : { ok: false, problem: "it lists no key" };
}

export const encryptionKeyList = z.string().transform((raw, ctx) => {
  const parsed = parseEncryptionKeyList(raw);
  if (parsed.ok) return parsed.keys;
  ctx.issues.push({
    code: "custom",
    input: "",
    message: `APP_ENCRYPTION_KEYS must be id:key pairs separated by commas, newest first, each key 32 bytes in base64 and each id 1 to 32 letters, digits, dots, dashes or underscores: ${parsed.problem}; ${GENERATE_ENCRYPTION_KEYS_ENTRY}`,
  });
  return z.NEVER;
});

export const roleMap = z.string().transform((raw, ctx) => {
  const parsed = parseRoleMap(raw);
  if (parsed.ok) return parsed.map;
  ctx.issues.push({
    code: "custom",
    input: raw,
    message: `OIDC_ROLE_MAP ${parsed.problem} (set OIDC_ROLE_MAP like ops-admins=admin,dispatch=dispatcher)`,
  });
  return z.NEVER;
});

export const subnetList = z.string().transform((raw, ctx) => {
  const parsed = parseSubnetList(raw);
  if (parsed.ok) return parsed.subnets;
  ctx.issues.push({
    code: "custom",
    input: raw,
    message: `MGMT_SUBNETS must be comma-separated CIDRs in canonical form, like 10.64.0.0/10,2001:db8:100::/48: ${parsed.problem}`,
  });
  return z.NEVER;
});
