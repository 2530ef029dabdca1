/**
 * The technician phone's contract with the server. Every change the phone makes is one
 * `TechAction` sent with a key the phone generated (`clientKey`, a UUID): the phone queues it
 * while offline and replays it on reconnect, and the server applies each key once and answers
 * a replay with the outcome it kept (server/services/tech/actions.ts). Photos travel apart, as
 * a binary upload with the same kind of key (`POST /api/tech/jobs/<jobId>/photos`,
 * header `Idempotency-Key`).
 */
import { z } from "zod";
import type { InstallCheckView } from "./network";
import { recordId } from "./ids";

export const clientKey = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{8,100}$/, { message: "errors.input.clientKey" });

/** The statuses a technician moves a job through, in order. */
export const TECH_STATUSES = ["en_route", "on_site", "done"] as const;

/** Largest signature image accepted, as a PNG data URL (a signature pad's PNG is a few kilobytes). */
export const MAX_SIGNATURE_DATA_URL_CHARS = 300_000;

export const techAction = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("status"),
    status: z.enum(TECH_STATUSES),
    summary: z.string().trim().max(2000).optional(),
  }),
  z.object({ kind: z.literal("checklist"), itemId: recordId, done: z.boolean() }),
  z.object({
    kind: z.literal("material"),
    itemId: recordId,
    quantity: z.number().int().min(1).max(999),
  }),
  z.object({
    kind: z.literal("equipment"),
    operation: z.enum(["install", "remove"]),
    serial: z.string().trim().min(1).max(64),
    /** Any common notation (AA:BB:…, aa-bb-…, aabb.ccdd.eeff); stored as AA:BB:CC:DD:EE:FF. */
    mac: z.string().trim().max(32).optional(),
    equipmentKind: z.enum(["ont", "router", "tv_box", "phone_adapter"]).optional(),
  }),
  z.object({
    kind: z.literal("signature"),
    signerName: z.string().trim().min(2).max(120),
    /** data:image/png;base64,… */
    image: z.string().max(MAX_SIGNATURE_DATA_URL_CHARS).startsWith("data:image/png;base64,"),
  }),
]);
export type TechAction = z.infer<typeof techAction>;

export const techActInput = z.object({ clientKey, jobId: recordId, action: techAction });
export type TechActInput = z.infer<typeof techActInput>;

/** Why the server refused an action; the phone shows the matching sentence in its language. */
export const TECH_REFUSALS = [
  "reassigned",
  "not_your_job",
  "bad_transition",
  "job_closed",
  "unknown_item",
  "invalid_mac",
  "duplicate_serial",
  "equipment_not_found",
  "invalid_image",
  "key_reused",
  "checklist_incomplete",
] as const;
export type TechRefusalCode = (typeof TECH_REFUSALS)[number];

/**
 * A refusal's detail as a message key under `errors` (messages/errors/*.json) and its parameters,
 * which the phone translates in its language; `message` stays a sentence for logs (notices stored by
 * older versions carry no key and say it "English / Français", which the phone splits).
 */
export interface TechRefusalText {
  key?: string;
  params?: Record<string, string | number>;
}

export type TechActOutcome =
  | { accepted: true; replayed: boolean; result: Record<string, unknown> }
  | ({ accepted: false; replayed: boolean; code: TechRefusalCode; message: string } & TechRefusalText);

export const techDayInput = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "errors.input.calendarDate" }),
  /** The phone's language: checklist labels and material names come in it. */
  language: z.enum(["fr", "en"]).default("fr"),
});

/** One job of the technician's day, with everything the phone needs to work it offline. */
export interface TechJob {
  id: number;
  title: string;
  kind: string;
  status: "unassigned" | "assigned" | "en_route" | "on_site" | "done" | "cancelled";
  priority: number;
  scheduledStart: string | null;
  durationMin: number;
  windowStart: string | null;
  windowEnd: string | null;
  notes: string | null;
  customer: { name: string; phone: string | null; language: "fr" | "en" } | null;
  address: string;
  lat: number;
  lng: number;
  accessNotes: string | null;
  /** Opens the phone's navigation app (a geo: URI works on Android and iOS maps). */
  navigationUrl: string;
  equipment: Array<{
    id: number;
    kind: string;
    serial: string;
    mac: string | null;
    model: string | null;
    status: string;
  }>;
  tickets: Array<{ id: number; subject: string; status: string; createdAt: string; lastMessage: string | null }>;
  /** `required`: the job cannot be marked done while the item is unticked (errors.tech.requiredChecklistItems). */
  checklist: Array<{ id: number; label: string; required: boolean; done: boolean }>;
  materials: Array<{ id: number; itemId: number; name: string; quantity: number }>;
  photos: Array<{ id: number; url: string; caption: string | null }>;
  signature: { name: string; signedAt: string; url: string } | null;
  completedAt: string | null;
  /** The network's check of each device installed on this job (newest per device); absent in a day cached by an older version. */
  installChecks?: InstallCheckView[];
}

export interface TechDay {
  date: string;
  technician: { id: number; name: string };
  /** In route order: the job under way first, then by planned start (as the board plans it). */
  jobs: TechJob[];
  /** Catalog items a technician may record as materials used. */
  materials: Array<{ id: number; code: string; name: string }>;
}
