/**
 * A day's board at any instant, and who changed what: rebuilt from the updates the collab
 * store keeps (`collab_updates`, then `collab_history` once compacted, with their author and
 * time) on top of the nearest checkpoint (`collab_history_checkpoints`). Read-only: nothing here
 * touches the live document, so the history page costs the live board nothing.
 */
import { and, desc, eq, gt, inArray, lte, lt, sql } from "drizzle-orm";
import * as Y from "yjs";
import type { Database, Queryable } from "../../db/client";
import { rowsOf } from "../../db/client";
import { collabDocuments, collabHistory, collabHistoryCheckpoints, dispatchJobs, staffUsers } from "../../db/schema";
import { boardDocumentName, readBoard, type BoardSnapshot } from "../../../lib/domain/board";
import { diffBoards, jobChange, type JobChange } from "../../../lib/domain/board/history";
import { localDate } from "../../../lib/domain/quebec-dates";
import { NotFoundError, ServiceError } from "../errors";

/** A checkpoint every this many history rows: a rebuild then applies at most about as many. */
export const HISTORY_CHECKPOINT_EVERY = 2_000;
/**
 * Rows younger than this are not checkpointed: an update whose id was taken before a
 * compaction's read but committed after it reaches the history a moment later, with a smaller id.
 */
const SETTLED_MS = 60_000;

interface UpdateRow {
  id: number;
  update: Uint8Array;
  authorId: string | null;
  createdAt: Date;
}

interface Base {
  upToId: number;
  state: Uint8Array | null;
}

/** The latest checkpoint at or below `maxId`; with none, the stored snapshot (a board never compacted since history began) or nothing. */
async function baseFor(db: Queryable, name: string, maxId: number): Promise<Base> {
  const [checkpoint] = await db
    .select({ upToId: collabHistoryCheckpoints.upToId, state: collabHistoryCheckpoints.state })
    .from(collabHistoryCheckpoints)
    .where(and(eq(collabHistoryCheckpoints.documentName, name), lte(collabHistoryCheckpoints.upToId, maxId)))
    .orderBy(desc(collabHistoryCheckpoints.upToId))
    .limit(1);
  if (checkpoint) return checkpoint;
  const [anyCheckpoint] = await db
    .select({ upToId: collabHistoryCheckpoints.upToId })
    .from(collabHistoryCheckpoints)
    .where(eq(collabHistoryCheckpoints.documentName, name))
    .limit(1);
  // A checkpoint exists but all are later than maxId: the instant is before the kept history.
  if (anyCheckpoint) return { upToId: -1, state: null };
  const [snapshot] = await db
    .select({ state: collabDocuments.state })
    .from(collabDocuments)
    .where(eq(collabDocuments.name, name));
  return { upToId: 0, state: snapshot?.state ?? null };
}

/** Where a document's kept history begins: its earliest checkpoint, else (never compacted since) its snapshot. */
async function firstBase(db: Queryable, name: string): Promise<Base> {
  const [first] = await db
    .select({ upToId: collabHistoryCheckpoints.upToId, state: collabHistoryCheckpoints.state })
    .from(collabHistoryCheckpoints)
    .where(eq(collabHistoryCheckpoints.documentName, name))
    .orderBy(collabHistoryCheckpoints.upToId)
    .limit(1);
  return first ?? baseFor(db, name, 0);
}

/**
 * The database keeps microseconds, a JavaScript instant only milliseconds: "at 10:42:07.123" means
 * every update of that millisecond, or the first edit's own instant (its Date truncated) would
 * leave out the edit itself.
 */
const endOfMillisecond = (at: Date) => new Date(at.getTime() + 1).toISOString();

/** Updates of `name` after `afterId`, up to `maxId` and/or `at`, from the history and the live log, in id order. */
async function updatesAfter(
  db: Queryable,
  name: string,
  range: { afterId: number; maxId?: number; at?: Date; limit?: number },
): Promise<UpdateRow[]> {
  const upTo = range.maxId === undefined ? sql`` : sql` and id <= ${range.maxId}`;
  const until = range.at === undefined ? sql`` : sql` and created_at < ${endOfMillisecond(range.at)}`;
  const limit = range.limit === undefined ? sql`` : sql` limit ${range.limit}`;
  const rows = await rowsOf<{
    id: string | number;
    update: Uint8Array;
    author_id: string | null;
    created_at: string | Date;
  }>(
    db,
    sql`
      select id, update, author_id, created_at from (
        select id, update, author_id, created_at from collab_history
        where document_name = ${name} and id > ${range.afterId}${upTo}${until}
        union all
        select id, update, author_id, created_at from collab_updates
        where document_name = ${name} and id > ${range.afterId}${upTo}${until}
      ) kept order by id${limit}`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    update: new Uint8Array(row.update),
    authorId: row.author_id,
    createdAt: new Date(row.created_at),
  }));
}

/** The names of the staff who wrote these updates, by id. */
async function authorNamesOf(db: Queryable, rows: UpdateRow[]): Promise<Map<string, string>> {
  const authorIds = [...new Set(rows.flatMap((row) => (row.authorId ? [row.authorId] : [])))];
  if (authorIds.length === 0) return new Map();
  const users = await db
    .select({ id: staffUsers.id, name: staffUsers.name })
    .from(staffUsers)
    .where(inArray(staffUsers.id, authorIds));
  return new Map(users.map((user) => [user.id, user.name]));
}

/** An update's author as the history shows it: null for the server's own edits. */
const authorOf = (row: UpdateRow, names: Map<string, string>) =>
  row.authorId ? { id: row.authorId, name: names.get(row.authorId) ?? row.authorId } : null;

function docFrom(base: Base, rows: UpdateRow[]): Y.Doc {
  const doc = new Y.Doc();
  if (base.state) Y.applyUpdateV2(doc, base.state);
  for (const row of rows) Y.applyUpdate(doc, row.update);
  return doc;
}

/**
 * Adds checkpoints for `name` until fewer than HISTORY_CHECKPOINT_EVERY settled history rows
 * follow the last one. Each is built from the previous checkpoint and the history rows, never
 * from the live document. Returns how many it added.
 */
export async function checkpointBoardHistory(
  db: Database,
  name: string,
  now: Date,
  every = HISTORY_CHECKPOINT_EVERY,
): Promise<number> {
  let added = 0;
  for (;;) {
    const [latest] = await db
      .select({ upToId: collabHistoryCheckpoints.upToId, state: collabHistoryCheckpoints.state })
      .from(collabHistoryCheckpoints)
      .where(eq(collabHistoryCheckpoints.documentName, name))
      .orderBy(desc(collabHistoryCheckpoints.upToId))
      .limit(1);
    // No checkpoint: the board was never compacted since history began, its log is short.
    if (!latest) return added;
    const rows = await db
      .select({ id: collabHistory.id, update: collabHistory.update })
      .from(collabHistory)
      .where(
        and(
          eq(collabHistory.documentName, name),
          gt(collabHistory.id, latest.upToId),
          lt(collabHistory.createdAt, new Date(now.getTime() - SETTLED_MS)),
        ),
      )
      .orderBy(collabHistory.id)
      .limit(every);
    if (rows.length < every) return added;
    const doc = docFrom(
      latest,
      rows.map((row) => ({ ...row, authorId: null, createdAt: now })),
    );
    await db
      .insert(collabHistoryCheckpoints)
      .values({ documentName: name, upToId: rows.at(-1)!.id, state: Y.encodeStateAsUpdateV2(doc) })
      .onConflictDoNothing();
    doc.destroy();
    added += 1;
  }
}

/** The instants a board's history spans, and how many edits it holds. */
export async function boardHistoryRange(
  db: Database,
  date: string,
): Promise<{ first: Date | null; last: Date | null; edits: number }> {
  const name = boardDocumentName(date);
  const [row] = await rowsOf<{ first: string | Date | null; last: string | Date | null; edits: string | number }>(
    db,
    sql`
      select min(created_at) as first, max(created_at) as last, count(*) as edits from (
        select created_at from collab_history where document_name = ${name}
        union all
        select created_at from collab_updates where document_name = ${name}
      ) kept`,
  );
  return {
    first: row?.first ? new Date(row.first) : null,
    last: row?.last ? new Date(row.last) : null,
    edits: Number(row?.edits ?? 0),
  };
}

/** "2026-12-06 10:42" in Quebec: the same in both languages. */
const quebecMinute = (instant: Date) =>
  new Intl.DateTimeFormat("sv-SE", {
    timeZone: "America/Toronto",
    dateStyle: "short",
    timeStyle: "short",
  }).format(instant);

async function refuseOutside(db: Database, date: string, instants: Date[]): Promise<void> {
  const range = await boardHistoryRange(db, date);
  if (!range.first)
    throw new ServiceError("not_found", `The board of ${date} has no recorded history`, {
      key: "errors.boardHistory.empty",
      params: { date },
    });
  for (const at of instants)
    if (at.getTime() < range.first.getTime() || at.getTime() > Math.max(range.last!.getTime(), Date.now()))
      throw new ServiceError("invalid", `${at.toISOString()} is outside the board's history`, {
        key: "errors.boardHistory.instantOutside",
        params: { first: quebecMinute(range.first), last: quebecMinute(range.last!) },
        field: "at",
      });
}

async function boardAtInstant(db: Database, name: string, at: Date): Promise<BoardSnapshot> {
  const [last] = await rowsOf<{ id: string | number | null }>(
    db,
    sql`
      select max(id) as id from (
        select id from collab_history where document_name = ${name} and created_at < ${endOfMillisecond(at)}
        union all
        select id from collab_updates where document_name = ${name} and created_at < ${endOfMillisecond(at)}
      ) kept`,
  );
  const maxId = last?.id == null ? 0 : Number(last.id);
  const base = await baseFor(db, name, maxId);
  const rows = base.upToId < 0 ? [] : await updatesAfter(db, name, { afterId: base.upToId, at });
  const doc = docFrom(base, rows);
  const board = readBoard(doc);
  doc.destroy();
  return board;
}

/** The board of `date` as it stood at `at`. */
export async function boardAt(db: Database, date: string, at: Date): Promise<BoardSnapshot> {
  await refuseOutside(db, date, [at]);
  const name = boardDocumentName(date);
  await checkpointBoardHistory(db, name, new Date());
  return boardAtInstant(db, name, at);
}

/** Every job that differs between the board at `from` and at `to`. */
export async function boardDiff(db: Database, date: string, from: Date, to: Date): Promise<JobChange[]> {
  await refuseOutside(db, date, [from, to]);
  const name = boardDocumentName(date);
  await checkpointBoardHistory(db, name, new Date());
  const [before, after] = [await boardAtInstant(db, name, from), await boardAtInstant(db, name, to)];
  return diffBoards(before, after);
}

export interface BoardEdit {
  /** The update's id: the cursor of the next page. */
  id: number;
  at: Date;
  author: { id: string; name: string } | null;
  changes: JobChange[];
}

/**
 * The edits of a board in order, `limit` updates after the cursor `afterId` (0: from the
 * start), each with its author and the jobs it changed. Updates that changed no job (presence
 * of the seed, conflicts the server recomputed) are left out of `edits` but move the cursor.
 */
export async function boardEdits(
  db: Database,
  date: string,
  page: { afterId: number; limit: number },
): Promise<{ edits: BoardEdit[]; nextAfterId: number | null }> {
  const name = boardDocumentName(date);
  await checkpointBoardHistory(db, name, new Date());
  const rows = await updatesAfter(db, name, { afterId: page.afterId, limit: page.limit });
  if (rows.length === 0) return { edits: [], nextAfterId: null };
  const base = await baseFor(db, name, rows[0]!.id - 1);
  const before = await updatesAfter(db, name, { afterId: Math.max(base.upToId, 0), maxId: rows[0]!.id - 1 });
  const doc = docFrom(base.upToId < 0 ? { upToId: 0, state: null } : base, before);
  const jobs = doc.getMap("jobs");
  let changed = new Set<string>();
  jobs.observeDeep((events) => {
    for (const event of events) {
      if (event.target === jobs) for (const key of event.keys.keys()) changed.add(key);
      else if (typeof event.path[0] === "string") changed.add(event.path[0]);
    }
  });
  const names = await authorNamesOf(db, rows);
  let board = readBoard(doc);
  const edits: BoardEdit[] = [];
  for (const row of rows) {
    changed = new Set();
    Y.applyUpdate(doc, row.update);
    if (changed.size === 0) continue;
    const next = readBoard(doc);
    const changes = [...changed].sort().flatMap((id) => {
      const change = jobChange(board, next, id);
      return change ? [change] : [];
    });
    board = next;
    if (changes.length > 0)
      edits.push({
        id: row.id,
        at: row.createdAt,
        author: authorOf(row, names),
        changes,
      });
  }
  doc.destroy();
  return { edits, nextAfterId: rows.length < page.limit ? null : rows.at(-1)!.id };
}

/** How many updates a job's own history reads before it sends the reader to the day's replay. */
const JOB_HISTORY_MAX_UPDATES = 20_000;

/**
 * One job's board edits on its day, oldest first, from the same kept updates as the day's
 * replay (a job's page shows who moved it, when). Reads the day's updates in order and looks
 * only at this job's map; stops after JOB_HISTORY_MAX_UPDATES and says so (`truncated`).
 */
export async function jobBoardEdits(
  db: Database,
  date: string,
  jobId: number,
): Promise<{ edits: BoardEdit[]; truncated: boolean }> {
  const name = boardDocumentName(date);
  const key = String(jobId);
  await checkpointBoardHistory(db, name, new Date());
  const start = await firstBase(db, name);
  const rows = await updatesAfter(db, name, { afterId: start.upToId, limit: JOB_HISTORY_MAX_UPDATES + 1 });
  const truncated = rows.length > JOB_HISTORY_MAX_UPDATES;
  const doc = docFrom(start, []);
  const jobs = doc.getMap("jobs");
  let touched = false;
  jobs.observeDeep((events) => {
    for (const event of events)
      if ((event.target === jobs && event.keys.has(key)) || event.path[0] === key) touched = true;
  });
  const names = await authorNamesOf(db, rows);
  let before = readBoard(doc);
  const edits: BoardEdit[] = [];
  for (const row of rows.slice(0, JOB_HISTORY_MAX_UPDATES)) {
    touched = false;
    Y.applyUpdate(doc, row.update);
    if (!touched) continue;
    const after = readBoard(doc);
    const change = jobChange(before, after, key);
    before = after;
    if (change)
      edits.push({
        id: row.id,
        at: row.createdAt,
        author: authorOf(row, names),
        changes: [change],
      });
  }
  doc.destroy();
  return { edits, truncated };
}

/** A job's board edits on the day its board holds it (by its planned start, else its window), for its page. */
export async function jobEditsOnItsBoard(
  db: Database,
  jobId: number,
): Promise<{ date: string | null; edits: BoardEdit[]; truncated: boolean }> {
  const [job] = await db
    .select({ scheduledStart: dispatchJobs.scheduledStart, windowStart: dispatchJobs.windowStart })
    .from(dispatchJobs)
    .where(eq(dispatchJobs.id, jobId));
  if (!job) throw new NotFoundError("job", jobId);
  const anchor = job.scheduledStart ?? job.windowStart;
  if (!anchor) return { date: null, edits: [], truncated: false };
  const date = localDate(anchor);
  return { date, ...(await jobBoardEdits(db, date, jobId)) };
}

/** Deletes history (and its checkpoints) of boards whose last kept edit is older than `olderThan`. */
export async function pruneBoardHistory(db: Database, olderThan: Date): Promise<{ updates: number }> {
  const stale = (
    await rowsOf<{ name: string }>(
      db,
      sql`
      select document_name as name from collab_history group by document_name
      having max(created_at) < ${olderThan.toISOString()}`,
    )
  ).map((row) => row.name);
  if (stale.length === 0) return { updates: 0 };
  const deleted = await db
    .delete(collabHistory)
    .where(inArray(collabHistory.documentName, stale))
    .returning({ id: collabHistory.id });
  await db.delete(collabHistoryCheckpoints).where(inArray(collabHistoryCheckpoints.documentName, stale));
  return { updates: deleted.length };
}

/**
 * The nightly pass: prunes boards past retention, then checkpoints every board edited in the
 * last two days, so the first replay of yesterday's board does not build its checkpoints.
 */
export async function maintainBoardHistory(
  db: Database,
  options: { now: Date; retentionDays: number },
): Promise<{ prunedUpdates: number; checkpoints: number }> {
  const { updates } = await pruneBoardHistory(db, new Date(options.now.getTime() - options.retentionDays * 86_400_000));
  const recent = await db
    .selectDistinct({ name: collabHistory.documentName })
    .from(collabHistory)
    .where(gt(collabHistory.createdAt, new Date(options.now.getTime() - 2 * 86_400_000)));
  let checkpoints = 0;
  for (const { name } of recent) checkpoints += await checkpointBoardHistory(db, name, options.now);
  return { prunedUpdates: updates, checkpoints };
}
