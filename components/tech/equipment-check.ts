/**
 * What the phone checks before it queues an equipment change (it is often offline): the
 * serial and MAC with the shared rules and sentences (lib/domain/equipment), the serial's
 * uniqueness against what the phone knows, and a kind when the server could not guess it.
 */
import { defaultEquipmentKind, type EquipmentKind } from "@/lib/domain/equipment/equipment-kind";
import { normalizeMac, normalizeSerial } from "@/lib/domain/equipment/identifiers";

export interface EquipmentDraft {
  serial: string;
  mac: string;
  kind: EquipmentKind | "";
}

export type EquipmentCheck =
  | { ok: true; serial: string; mac: string | undefined; kind: EquipmentKind | undefined }
  | { ok: false; serial?: string; mac?: string; kind?: "needed" };

type Lang = "fr" | "en";

export function checkEquipment(
  draft: EquipmentDraft,
  context: {
    jobKind: string;
    known: ReadonlyArray<{ serial: string; status: string }>;
    /** The phone's translator at the catalogs' root: identifier problems are worded by their `errors.*` key. */
    say: Translate;
    duplicate: (serial: string) => string;
  },
): EquipmentCheck {
  const serial = normalizeSerial(draft.serial);
  const mac = draft.mac.trim() === "" ? null : normalizeMac(draft.mac);
  const problems: { serial?: string; mac?: string; kind?: "needed" } = {};
  if (!serial.ok) problems.serial = context.say(serial.message.key, serial.message.params);
  else if (context.known.some((item) => item.status === "installed" && item.serial.toUpperCase() === serial.value))
    problems.serial = context.duplicate(serial.value);
  if (mac && !mac.ok) problems.mac = context.say(mac.message.key, mac.message.params);
  if (serial.ok && !defaultEquipmentKind(context.jobKind, serial.value, draft.kind || undefined))
    problems.kind = "needed";
  if (problems.serial || problems.mac || problems.kind || !serial.ok) return { ok: false, ...problems };
  return { ok: true, serial: serial.value, mac: mac?.ok ? mac.value : undefined, kind: draft.kind || undefined };
}

/** What next-intl's `useTranslations()` gives, reduced to what a refusal's detail needs. */
export interface Translate {
  (key: string, params?: Record<string, string | number>): string;
  has(key: string): boolean;
}

/**
 * A refusal's detail in the technician's language: its key under `errors` when the server gave
 * one (messages/errors/*.json), else the message as older refusals wrote it (see localizedDetail).
 */
export function refusalDetail(
  refusal: { message: string; key?: string; params?: Record<string, string | number> },
  t: Translate,
  lang: Lang,
): string {
  if (refusal.key && t.has(refusal.key)) return t(refusal.key, refusal.params ?? {});
  return localizedDetail(refusal.message, lang);
}

/** Refusals without a key (older notices kept on the phone, the photo upload's answers) carry both languages ("English / Français"); the technician reads theirs. */
export function localizedDetail(message: string, lang: Lang): string {
  const parts = message.split(" / ");
  if (parts.length !== 2) return message;
  return lang === "fr" ? parts[1]! : parts[0]!;
}
