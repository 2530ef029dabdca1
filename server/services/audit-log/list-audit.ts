/**
 * Reading the audit log (server/services/audit.ts writes it): the office's list, filtered by
 * person, record, kind and Quebec day, newest first, in keyset pages on (at, id) — never OFFSET,
 * the table grows with every change. The CSV export walks the same query in batches.
 *
 * Indexes (server/db/schema/audit.ts): (at, id) for the unfiltered and date-filtered walk,
 * (actor_id, at) for a person, (entity_type, entity_id, at) for a record.
 */
import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { auditLog, dispatchJobs, portalUsers, staffUsers } from "../../db/schema";
import { ServiceError } from "../errors";
import { localDate, localMidnight, shiftDate } from "../../../lib/domain/quebec-dates";
import { auditRecordHref } from "../../../lib/domain/audit/record-link";
import {
  encodeAuditCursor,
  SYSTEM_ACTOR,
  type AuditCursor,
  type AuditEntryView,
  type AuditFilters,
  type AuditListParsed,
} from "../../../lib/schemas/audit";

/** The person filter names someone who never had an account here: say so rather than show an empty list. */
async function checkPerson(db: Queryable, person: string): Promise<void> {
  if (person === SYSTEM_ACTOR) return;
  const [staff, portal] = await Promise.all([
    db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.id, person)).limit(1),
    db.select({ id: portalUsers.id }).from(portalUsers).where(eq(portalUsers.id, person)).limit(1),
  ]);
  if (staff.length === 0 && portal.length === 0) {
    throw new ServiceError("invalid", `No staff or portal user has the id ${person}`, {
      key: "errors.audit.unknownPerson",
      params: { person },
      field: "person",
    });
  }
}

function likePrefix(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function conditions(filters: AuditFilters): SQL[] {
  const where: SQL[] = [];
  if (filters.person === SYSTEM_ACTOR) where.push(eq(auditLog.actorRealm, "system"));
  else if (filters.person) where.push(eq(auditLog.actorId, filters.person));
  if (filters.entityType) where.push(eq(auditLog.entityType, filters.entityType));
  if (filters.entityId) where.push(eq(auditLog.entityId, filters.entityId));
  if (filters.kind) {
    where.push(or(eq(auditLog.action, filters.kind), sql`${auditLog.action} like ${`${likePrefix(filters.kind)}.%`}`)!);
  }
  if (filters.from) where.push(gte(auditLog.at, localMidnight(filters.from)));
  if (filters.to) where.push(lt(auditLog.at, localMidnight(shiftDate(filters.to, 1))));
  return where;
}

/** The instant as PostgreSQL holds it (microseconds), for the cursor; a JS Date would drop them. */
const atText = sql<string>`to_char(${auditLog.at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

async function fetchPage(
  db: Queryable,
  filters: AuditFilters,
  cursor: AuditCursor | undefined,
  limit: number,
): Promise<{ items: AuditEntryView[]; nextCursor: AuditCursor | null }> {
  const where = conditions(filters);
  if (cursor) where.push(sql`(${auditLog.at}, ${auditLog.id}) < (${cursor.at}::timestamptz, ${cursor.id})`);
  const rows = await db
    .select({
      id: auditLog.id,
      at: atText,
      actorRealm: auditLog.actorRealm,
      actorId: auditLog.actorId,
      staffName: staffUsers.name,
      portalName: portalUsers.name,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      changes: auditLog.changes,
    })
    .from(auditLog)
    .leftJoin(staffUsers, and(eq(auditLog.actorRealm, "staff"), eq(staffUsers.id, auditLog.actorId)))
    .leftJoin(portalUsers, and(eq(auditLog.actorRealm, "customer"), eq(portalUsers.id, auditLog.actorId)))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(limit + 1);
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;

  // A job's link is the board of its planned day: one look-up for the page's jobs.
  const jobIds = [
    ...new Set(
      page.filter((r) => r.entityType === "dispatch_job" && /^[1-9]\d{0,9}$/.test(r.entityId)).map((r) => r.entityId),
    ),
  ]
    .map(Number)
    .filter((id) => id <= 2_147_483_647);
  const jobDates = new Map<string, string | null>();
  if (jobIds.length) {
    const jobs = await db
      .select({ id: dispatchJobs.id, scheduledStart: dispatchJobs.scheduledStart })
      .from(dispatchJobs)
      .where(inArray(dispatchJobs.id, jobIds));
    for (const job of jobs) jobDates.set(String(job.id), job.scheduledStart ? localDate(job.scheduledStart) : null);
  }

  const items = page.map((r): AuditEntryView => ({
    id: r.id,
    at: r.at,
    actorRealm: r.actorRealm,
    actorId: r.actorId,
    actorName: r.staffName ?? r.portalName ?? null,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    changes: r.changes,
    href: auditRecordHref(r.entityType, r.entityId, { jobDate: jobDates.get(r.entityId) ?? null }),
  }));
  const last = page.at(-1);
  return { items, nextCursor: hasMore && last ? { at: last.at, id: last.id } : null };
}

/** One page of the office's list; `nextCursor` is the text the next page's URL carries. */
export async function listAuditEntries(
  db: Queryable,
  input: AuditListParsed,
): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
  if (input.filters.person) await checkPerson(db, input.filters.person);
  const page = await fetchPage(db, input.filters, input.cursor, input.limit);
  return { items: page.items, nextCursor: page.nextCursor ? encodeAuditCursor(page.nextCursor) : null };
}

/** Checks the filters before an export starts, so a bad one is refused with a status rather than a broken file. */
export async function checkAuditFilters(db: Queryable, filters: AuditFilters): Promise<void> {
  if (filters.person) await checkPerson(db, filters.person);
}

/**
 * Every entry the filters match, newest first, one keyset query per batch: memory holds one
 * batch whatever the range, and no transaction stays open while the client reads.
 */
export async function* auditEntriesInBatches(
  db: Queryable,
  filters: AuditFilters,
  batchSize = 1000,
): AsyncGenerator<AuditEntryView[]> {
  let cursor: AuditCursor | undefined;
  for (;;) {
    const page = await fetchPage(db, filters, cursor, batchSize);
    if (page.items.length) yield page.items;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** The people the filter offers: staff, by name (a small table). Portal users are filtered by id from a record's entries. */
export async function auditPeople(db: Queryable): Promise<Array<{ id: string; name: string; active: boolean }>> {
  return db
    .select({ id: staffUsers.id, name: staffUsers.name, active: staffUsers.active })
    .from(staffUsers)
    .orderBy(staffUsers.name, staffUsers.id);
}
