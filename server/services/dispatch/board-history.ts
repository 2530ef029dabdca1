/**
 * A day's board at any instant, and who changed what: rebuilt from the updates the collab
 * store keeps (`collab_updates`, then `collab_history` once compacted, with their author and
 * time) on top of the nearest checkpoint (`collab_history_checkpoints`). Read-only: nothing here
 * touches the live document, so the history page costs the live board nothing.
 */
import { and, desc, eq, gt, inArray, isNotNull, isNull, lte, lt, sql } from "drizzle-orm";
import * as Y from "yjs";
import type { Database, Queryable } from "../../db/client";
import { rowsOf } from "../../db/client";
import { collabDocuments, collabHistory, collabHistoryCheckpoints, dispatchJobs, staffUsers } from "../../db/schema";
import { boardDocumentName, readBoard, type BoardSnapshot } from "../../../lib/domain/board";
import { diffBoards, jobChange, type JobChange } from "../../../lib/domain/board/history";
import {
  applyEffects,
  applyEffectsWithChanges,
  effectsOf,
  mirrorOf,
  readBoardMirror,
  type BoardEffect,
  type BoardMirror,
} from "../../../lib/domain/board/mirror";
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
  /** What it did to the board; null until checkpointing gave it (always null in the live log). */
  effects: BoardEffect[] | null;
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
    effects: BoardEffect[] | string | null;
    author_id: string | null;
    created_at: string | Date;
  }>(
    db,
    sql`
      select id, update, effects, author_id, created_at from (
        select id, update, effects, author_id, created_at from collab_history
        where document_name = ${name} and id > ${range.afterId}${upTo}${until}
        union all
        select id, update, null::jsonb, author_id, created_at from collab_updates
        where document_name = ${name} and id > ${range.afterId}${upTo}${until}
      ) kept order by id${limit}`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    update: new Uint8Array(row.update),
    effects: storedEffects(row.effects),
    authorId: row.author_id,
    createdAt: new Date(row.created_at),
  }));
}

/** jsonb as the driver gives it: parsed by node-postgres and PGlite alike, a string if a driver does not. */
function storedEffects(value: BoardEffect[] | string | null): BoardEffect[] | null {
  return typeof value === "string" ? (JSON.parse(value) as BoardEffect[]) : value;
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

/** History rows read, applied and given their effects per round trip while checkpointing. */
const CHECKPOINT_PAGE = 2_000;

/**
 * Brings `name`'s history up to date: every settled history row after the latest checkpoint gets
 * its effects (what it did to the board, read after Yjs applied it: lib/domain/board/mirror.ts),
 * and a checkpoint (Yjs state and JSON board) is added every `every` rows. One pass decodes the
 * latest checkpoint once and applies the rows in order on that one document, never the live
 * one. Returns how many checkpoints it added; does nothing (two indexed lookups) when up to date.
 */
export async function checkpointBoardHistory(
  db: Database,
  name: string,
  now: Date,
  every = HISTORY_CHECKPOINT_EVERY,
): Promise<number> {
  const settledBefore = new Date(now.getTime() - SETTLED_MS);
  const [latest] = await db
    .select({ upToId: collabHistoryCheckpoints.upToId, hasBoard: sql<boolean>`board is not null` })
    .from(collabHistoryCheckpoints)
    .where(eq(collabHistoryCheckpoints.documentName, name))
    .orderBy(desc(collabHistoryCheckpoints.upToId))
    .limit(1);
  // No checkpoint: the board was never compacted since history began, its log is short.
  if (!latest) return 0;
  const [pending] = await db
    .select({ id: collabHistory.id })
    .from(collabHistory)
    .where(
      and(
        eq(collabHistory.documentName, name),
        gt(collabHistory.id, latest.upToId),
        isNull(collabHistory.effects),
        lt(collabHistory.createdAt, settledBefore),
      ),
    )
    .limit(1);
  if (!pending && latest.hasBoard) return 0;

  const isLatest = and(
    eq(collabHistoryCheckpoints.documentName, name),
    eq(collabHistoryCheckpoints.upToId, latest.upToId),
  );
  const [base] = await db
    .select({ state: collabHistoryCheckpoints.state })
    .from(collabHistoryCheckpoints)
    .where(isLatest);
  const doc = new Y.Doc();
  Y.applyUpdateV2(doc, base!.state);
  if (!latest.hasBoard)
    await db
      .update(collabHistoryCheckpoints)
      .set({ board: mirrorOf(doc) })
      .where(isLatest);
  // Yjs emits no update for a row that changes nothing (already applied): its effects stay empty.
  let effects: BoardEffect[] = [];
  doc.on("update", (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    effects = effectsOf(doc, transaction);
  });
  let added = 0;
  let applied = 0;
  let afterId = latest.upToId;
  try {
    for (;;) {
      const rows = await db
        .select({ id: collabHistory.id, update: collabHistory.update, missing: sql<boolean>`effects is null` })
        .from(collabHistory)
        .where(
          and(
            eq(collabHistory.documentName, name),
            gt(collabHistory.id, afterId),
            lt(collabHistory.createdAt, settledBefore),
          ),
        )
        .orderBy(collabHistory.id)
        .limit(CHECKPOINT_PAGE);
      let written: Array<{ id: number; effects: BoardEffect[] }> = [];
      const writeEffects = async () => {
        if (written.length > 0) await storeEffects(db, written);
        written = [];
      };
      for (const row of rows) {
        effects = [];
        Y.applyUpdate(doc, row.update);
        if (row.missing) written.push({ id: row.id, effects });
        applied += 1;
        if (applied % every !== 0) continue;
        // The rows before a checkpoint have their effects before it exists: a rebuild that finds
        // the checkpoint finds them too.
        await writeEffects();
        await db
          .insert(collabHistoryCheckpoints)
          .values({ documentName: name, upToId: row.id, state: Y.encodeStateAsUpdateV2(doc), board: mirrorOf(doc) })
          .onConflictDoNothing();
        added += 1;
      }
      await writeEffects();
      if (rows.length < CHECKPOINT_PAGE) return added;
      afterId = rows.at(-1)!.id;
    }
  } finally {
    doc.destroy();
  }
}

/** One UPDATE for a page of rows' effects. */
async function storeEffects(db: Database, rows: Array<{ id: number; effects: BoardEffect[] }>): Promise<void> {
  await db.execute(sql`
    update collab_history set effects = given.effects
    from (
      select unnest(${sql.param(rows.map((row) => row.id))}::bigint[]) as id,
             unnest(${sql.param(rows.map((row) => JSON.stringify(row.effects)))}::jsonb[]) as effects
    ) given
    where collab_history.id = given.id`);
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

/**
 * The first and last instants of a board's kept history: four index lookups (the count that
 * boardHistoryRange gives reads every row, which a rebuild need not pay).
 */
async function historyBounds(db: Database, name: string): Promise<{ first: Date | null; last: Date | null }> {
  const [row] = await rowsOf<{ first: string | Date | null; last: string | Date | null }>(
    db,
    sql`
      select
        least(
          (select min(created_at) from collab_history where document_name = ${name}),
          (select min(created_at) from collab_updates where document_name = ${name})
        ) as first,
        greatest(
          (select max(created_at) from collab_history where document_name = ${name}),
          (select max(created_at) from collab_updates where document_name = ${name})
        ) as last`,
  );
  return { first: row?.first ? new Date(row.first) : null, last: row?.last ? new Date(row.last) : null };
}

async function refuseOutside(db: Database, date: string, instants: Date[]): Promise<void> {
  const range = await historyBounds(db, boardDocumentName(date));
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
  const mirror = await mirrorAt(db, name, { maxId, at });
  if (mirror) return readBoardMirror(mirror);
  const base = await baseFor(db, name, maxId);
  const rows = base.upToId < 0 ? [] : await updatesAfter(db, name, { afterId: base.upToId, at });
  const doc = docFrom(base, rows);
  const board = readBoard(doc);
  doc.destroy();
  return board;
}

/**
 * The board as JSON after every kept row up to `maxId` (and, with `at`, written before it), from
 * the latest JSON checkpoint at or below `maxId` (the earliest with `from: "first"`) and the
 * effects of the rows after it: no Yjs state decoded. Null when a row in between has no effects
 * yet (the live log, the last minute, history kept before effects were) or the checkpoint has no
 * JSON board: the caller then replays the Yjs updates.
 */
async function mirrorAt(
  db: Database,
  name: string,
  range: { maxId: number; at?: Date; from?: "latest" | "first" },
): Promise<BoardMirror | null> {
  const [checkpoint] = await db
    .select({ upToId: collabHistoryCheckpoints.upToId, board: collabHistoryCheckpoints.board })
    .from(collabHistoryCheckpoints)
    .where(
      and(
        eq(collabHistoryCheckpoints.documentName, name),
        lte(collabHistoryCheckpoints.upToId, range.maxId),
        isNotNull(collabHistoryCheckpoints.board),
      ),
    )
    .orderBy(range.from === "first" ? collabHistoryCheckpoints.upToId : desc(collabHistoryCheckpoints.upToId))
    .limit(1);
  if (!checkpoint?.board) return null;
  const until = range.at === undefined ? sql`` : sql` and created_at < ${endOfMillisecond(range.at)}`;
  const rows = await rowsOf<{ effects: BoardEffect[] | string | null }>(
    db,
    sql`
      select effects from (
        select id, effects from collab_history
        where document_name = ${name} and id > ${checkpoint.upToId} and id <= ${range.maxId}${until}
        union all
        select id, null::jsonb from collab_updates
        where document_name = ${name} and id > ${checkpoint.upToId} and id <= ${range.maxId}${until}
      ) kept order by id`,
  );
  const effects = rows.map((row) => storedEffects(row.effects));
  if (effects.some((list) => list === null)) return null;
  const mirror = checkpoint.board;
  for (const list of effects) applyEffects(mirror, list!);
  return mirror;
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
  const nextAfterId = rows.length < page.limit ? null : rows.at(-1)!.id;
  const mirror = rows.every((row) => row.effects) ? await mirrorAt(db, name, { maxId: rows[0]!.id - 1 }) : null;
  if (mirror) {
    const names = await authorNamesOf(db, rows);
    const edits = rows.flatMap((row) => {
      const changes = applyEffectsWithChanges(mirror, row.effects!);
      return changes.length > 0 ? [{ id: row.id, at: row.createdAt, author: authorOf(row, names), changes }] : [];
    });
    return { edits, nextAfterId };
  }
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
  return { edits, nextAfterId };
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
  const kept = rows.slice(0, JOB_HISTORY_MAX_UPDATES);
  const mirror =
    kept.length > 0 && kept.every((row) => row.effects)
      ? await mirrorAt(db, name, { maxId: start.upToId, from: "first" })
      : null;
  if (mirror) {
    const names = await authorNamesOf(db, kept);
    const edits = kept.flatMap((row) => {
      const effects = row.effects!;
      if (!effects.some(([map, id]) => map === "jobs" && id === key)) {
        applyEffects(mirror, effects);
        return [];
      }
      const changes = applyEffectsWithChanges(mirror, effects).filter((change) => change.jobId === key);
      return changes.length > 0 ? [{ id: row.id, at: row.createdAt, author: authorOf(row, names), changes }] : [];
    });
    return { edits, truncated };
  }
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
