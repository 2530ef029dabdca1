/**
 * The board document contract (../shared/ARCHITECTURE.md, "Board document"), as plain types.
 * One Yjs document per dispatch day, named `board:YYYY-MM-DD`:
 * - `meta`  Y.Map: schemaVersion (number), date (string)
 * - `techs` Y.Map<Y.Map> by technician id: name, color, skills (string[]), shiftStart, shiftEnd (ISO), homeLat, homeLng
 * - `jobs`  Y.Map<Y.Map> by job id: title, status, priority (1..5), lat, lng, address, durationMin,
 *           windowStart, windowEnd (ISO or null), skills (string[]), techId (string or null), start (ISO or null), updatedBy,
 *           locked (boolean, version 3: pinned by a dispatcher, so the optimizer never moves it),
 *           confirmation ("confirmed" | "reschedule_requested" | null, version 4: the customer's answer to
 *           the visit, from the portal or the reminder SMS; written only by the server)
 * - `proposals` Y.Map<Y.Map> by proposal id (version 2): the optimizer's proposals (proposals.ts)
 *
 * Until version 5 the server also wrote each job's conflicts into a `conflicts` map. They are
 * derived data: every reader computes them from the board it holds with `detectConflicts`
 * (conflicts.ts), the same pure rules the server ran. Kept in the document, each edit rewrote
 * the conflict lists of its lane and left the old ones as tombstones, so a busy board carried
 * more conflict bytes than jobs and every edit reached every peer twice (ADR 0013).
 */
export const BOARD_SCHEMA_VERSION = 5;
/** The customer's answer to a planned visit, as the board shows it (visit_responses in the tables). */
export const VISIT_CONFIRMATIONS = ["confirmed", "reschedule_requested"] as const;
export type VisitConfirmation = (typeof VISIT_CONFIRMATIONS)[number];
export const JOB_STATUSES = ["unassigned", "assigned", "en_route", "on_site", "done", "cancelled"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export interface BoardTech {
  id: string;
  name: string;
  color: string;
  skills: string[];
  shiftStart: string;
  shiftEnd: string;
  homeLat: number;
  homeLng: number;
}

export interface BoardJob {
  id: string;
  title: string;
  status: JobStatus;
  priority: number;
  lat: number;
  lng: number;
  address: string;
  durationMin: number;
  windowStart: string | null;
  windowEnd: string | null;
  skills: string[];
  techId: string | null;
  start: string | null;
  updatedBy: string;
  /**
   * Pinned by a dispatcher to its technician and start: plan proposals and re-plans never move
   * it (version 3). Only a job with a technician can be locked.
   */
  locked: boolean;
  /**
   * The customer's answer to the visit (version 4): null when they have not answered, or when a
   * dispatcher re-planned the start after they asked to reschedule. The server writes it from
   * visit_responses; a client's write is reverted at the next flush (board-extension.ts).
   */
  confirmation: VisitConfirmation | null;
}

/** A job as the tables know it: the lock lives only in the board document. */
export type JobFromTables = Omit<BoardJob, "locked">;

export type ConflictKind = "overlap" | "skill_mismatch" | "outside_window" | "outside_shift" | "unknown_technician";

export interface BoardConflict {
  kind: ConflictKind;
  /** The other job, for overlaps. */
  otherJobId?: string;
  /** Missing skills, for skill mismatches. */
  missingSkills?: string[];
}

/** A plain copy of a board, for pure rules (conflict detection) and rendering. */
export interface BoardSnapshot {
  date: string;
  techs: Record<string, BoardTech>;
  jobs: Record<string, BoardJob>;
}

export function boardDocumentName(date: string): string {
  return `board:${date}`;
}

/** The date of a board document name, or null when the name is not a board. */
export function parseBoardDocumentName(name: string): string | null {
  const match = /^board:(\d{4}-\d{2}-\d{2})$/.exec(name);
  return match ? match[1]! : null;
}
