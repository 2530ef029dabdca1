/**
 * Migrations of stored boards to the shape this code reads and writes (types.ts). A board is
 * stored for as long as its day is worth keeping, so a board written by older code must be
 * brought up to date when it is loaded, and a board written by newer code must not be served
 * by this code at all: its readers would drop what they do not know, and its writers (initBoard
 * stamps the version it knows) would silently downgrade the document for every client.
 */
import * as Y from "yjs";
import { getMaps, readConfirmation } from "./doc";

/**
 * Versioning started with the first shape, so a board with no `meta.schemaVersion` was written
 * before versioning existed, in that same shape: it is version 1, not unreadable.
 */
export const FIRST_BOARD_SCHEMA_VERSION = 1;

/** The root map where the server wrote each job's conflicts, up to version 4. */
export const LEGACY_CONFLICTS_MAP = "conflicts";

/**
 * Moves a board from one version to the next. It runs inside the migration's transaction, so
 * it must not wait for anything, and it must accept any content a board of its version may
 * hold, including none (a board that has never been stored is migrated too).
 */
export type BoardMigrationStep = (doc: Y.Doc) => void;

/**
 * Step i takes a board from version FIRST + i to FIRST + i + 1. To change the shape, append
 * one step and bump BOARD_SCHEMA_VERSION (types.ts), which initBoard stamps; a test keeps the
 * two in step.
 */
export const BOARD_MIGRATION_STEPS: readonly BoardMigrationStep[] = [
  // 1 → 2: the `proposals` map (plan proposals, proposals.ts). A version-1 board has none, and
  // an absent root map reads as empty, so there is nothing to rewrite; the bump keeps older
  // code, which would serve the board without knowing its proposals, from loading it.
  () => undefined,
  // 2 → 3: every job says whether a dispatcher pinned it (`locked`). Boards before it had no
  // pins, so each job is written unlocked; a stray non-boolean value is not a pin either.
  (doc) => {
    for (const job of getMaps(doc).jobs.values())
      if (job instanceof Y.Map && typeof job.get("locked") !== "boolean") job.set("locked", false);
  },
  // 3 → 4: every job says whether its customer confirmed the visit or asked to reschedule it
  // (`confirmation`). Absent means nobody answered, so it is written as null; the server then
  // fills in the answers the tables hold when it loads the board (board-extension.ts).
  (doc) => {
    for (const job of getMaps(doc).jobs.values()) {
      if (!(job instanceof Y.Map)) continue;
      const value = job.get("confirmation");
      if (value !== null && readConfirmation(value) === null) job.set("confirmation", null);
    }
  },
  // 4 → 5: conflicts leave the document; every reader derives them from the board it holds
  // (types.ts, ADR 0013). The entries are deleted so that no reader is left with a stale list
  // and a new client's first sync carries none of them.
  (doc) => {
    const conflicts = doc.getMap<unknown>(LEGACY_CONFLICTS_MAP);
    for (const key of Array.from(conflicts.keys())) conflicts.delete(key);
  },
];

export type BoardMigrationResult =
  | { ok: true; from: number; to: number; migrated: boolean }
  /** Written by newer code: this code may neither serve nor rewrite it. */
  | { ok: false; reason: "newer_version"; stored: number; supported: number }
  /** Not a version number at all; guessing one could run the wrong steps over the board. */
  | { ok: false; reason: "invalid_version"; stored: unknown; supported: number };

export type BoardMigrationRefusal = Extract<BoardMigrationResult, { ok: false }>;

/** The version these steps lead to. */
export function supportedBoardSchemaVersion(steps: readonly BoardMigrationStep[] = BOARD_MIGRATION_STEPS): number {
  return FIRST_BOARD_SCHEMA_VERSION + steps.length;
}

/**
 * Brings `doc` to the version `steps` lead to, in one transaction with `origin`, so the whole
 * migration is one update to log and broadcast. A board already there is left untouched (no
 * update at all), as is a refused one. A board without a version that needs no step is not
 * stamped here either: stamping is initBoard's, which the server runs on every load anyway.
 * A step that throws leaves the document half-migrated in memory: the caller must then drop it.
 */
export function migrateBoard(
  doc: Y.Doc,
  origin: unknown,
  steps: readonly BoardMigrationStep[] = BOARD_MIGRATION_STEPS,
): BoardMigrationResult {
  const { meta } = getMaps(doc);
  const supported = supportedBoardSchemaVersion(steps);
  const stored = meta.has("schemaVersion") ? meta.get("schemaVersion") : FIRST_BOARD_SCHEMA_VERSION;
  if (typeof stored !== "number" || !Number.isInteger(stored) || stored < FIRST_BOARD_SCHEMA_VERSION) {
    return { ok: false, reason: "invalid_version", stored, supported };
  }
  if (stored > supported) return { ok: false, reason: "newer_version", stored, supported };
  if (stored === supported) return { ok: true, from: stored, to: supported, migrated: false };
  doc.transact(() => {
    for (const step of steps.slice(stored - FIRST_BOARD_SCHEMA_VERSION)) step(doc);
    meta.set("schemaVersion", supported);
  }, origin);
  return { ok: true, from: stored, to: supported, migrated: true };
}

/** For logs and errors: why a board was not loaded. */
export function describeBoardMigrationRefusal(documentName: string, refusal: BoardMigrationRefusal): string {
  const stored = JSON.stringify(refusal.stored);
  return refusal.reason === "newer_version"
    ? `${documentName} is stored at schema version ${stored}, newer than the ${refusal.supported} this server knows; it is left as stored`
    : `${documentName} has a schema version that is not a version number (${stored}); it is left as stored`;
}
