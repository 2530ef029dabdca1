/**
 * Full-text search over ticket subjects and message bodies (internal notes included: this is
 * the staff's search). One document per ticket (ticket_search_documents, kept by triggers),
 * French and English stems of unaccented words, GIN indexes; results ranked (SEARCH_RANKS), then
 * newest first, by keyset pages; each with its subject and its latest matching message
 * highlighted by ts_headline.
 */
import { sql, type SQL } from "drizzle-orm";
import { rowsOf, type Queryable } from "../../db/client";
import { HIT_END, HIT_START, hasHit, searchTerms } from "../../../lib/domain/ticket-search";
import type { TicketSearchInput } from "../../../lib/schemas/tickets";

const FR = sql.raw("'public.fr_unaccent'::regconfig");
const EN = sql.raw("'public.en_unaccent'::regconfig");
const SNIPPET = `StartSel="${HIT_START}", StopSel="${HIT_END}", MaxWords=28, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`;
const WHOLE = `StartSel="${HIT_START}", StopSel="${HIT_END}", HighlightAll=true`;

/** Each word by its French or English stem; every word required. Null when no word is left. */
export function searchQuery(q: string): SQL | null {
  const terms = searchTerms(q);
  if (terms.length === 0) return null;
  return sql.join(
    terms.map((t) => sql`(plainto_tsquery(${FR}, ${t}) || plainto_tsquery(${EN}, ${t}))`),
    sql` && `,
  );
}

/**
 * The rank: 2 when the subject holds every word, 1 when the words are found elsewhere (messages,
 * or split between subject and messages); then newest first. Two ranks rather than ts_rank's
 * scores because each rank can be read newest first from an index and stopped after one page:
 * at 242,000 tickets a common word ("facture") matches 28,000 of them, and scoring them all
 * costs a second where this costs milliseconds.
 */
export const SEARCH_RANKS = { subject: 2, elsewhere: 1 } as const;

export interface TicketSearchHit {
  id: number;
  subject: string;
  /** The subject with hits marked (lib/domain/ticket-search HIT_START/HIT_END). */
  subjectHighlight: string;
  /** The latest matching message, fragments with hits marked, or null when only the subject matched. */
  snippet: string | null;
  snippetInternal: boolean;
  snippetAt: Date | null;
  rank: string;
  type: string;
  status: string;
  important: boolean;
  createdAt: Date;
  customerId: number | null;
  customerName: string | null;
  assignedToId: string | null;
  assignedToName: string | null;
  firstResponseDueAt: Date | null;
  firstRespondedAt: Date | null;
  slaDueAt: Date | null;
  slaNextDueAt: Date | null;
  closedAt: Date | null;
}

function filtersOf(input: TicketSearchInput, currentStaffId: string | null): SQL[] {
  const where: SQL[] = [];
  if (input.status?.length) where.push(sql`t.status = any(${`{${input.status.join(",")}}`}::ticket_status[])`);
  if (input.type?.length) where.push(sql`t.type = any(${`{${input.type.join(",")}}`}::ticket_type[])`);
  if (input.customerId) where.push(sql`t.customer_id = ${input.customerId}`);
  if (input.assignedTo === "unassigned") where.push(sql`t.assigned_to_id is null`);
  else if (input.assignedTo === "me")
    where.push(currentStaffId ? sql`t.assigned_to_id = ${currentStaffId}` : sql`false`);
  else if (input.assignedTo) where.push(sql`t.assigned_to_id = ${input.assignedTo}`);
  return where;
}

type RankedRow = { id: number; rank: string; created_at: Date | string };

/** How many of the newest tickets a page of rank 1 looks through before it asks the GIN index instead. */
export const RECENT_WINDOW = 2000;

/**
 * One rank's next rows, newest first. Rank 2 ("the subject holds every word") is one condition,
 * which the planner estimates well and serves from the GIN index or the recency index. Rank 1
 * ("found elsewhere") also says "not in the subject", whose selectivity the planner cannot know:
 * it would walk the whole recency index for words that only ever appear in subjects. So rank 1
 * looks through the newest RECENT_WINDOW tickets first (bounded work, enough for common words),
 * and only when that does not fill the page asks the GIN index for the older ones, its order
 * written so that no index can serve it (the planner then must use the GIN index or a scan).
 */
export function rankQueries(
  rank: number,
  query: SQL,
  filters: SQL[],
  after: { createdAt: string; id: number } | null,
  limit: number,
): { recent: SQL; edge: SQL; older: (window: { createdAt: string; id: number }) => SQL } | { single: SQL } {
  const join = filters.length ? sql`join tickets t on t.id = d.ticket_id` : sql``;
  const afterCursor = after
    ? sql`(d.created_at, d.ticket_id) < (${after.createdAt}::timestamptz, ${after.id})`
    : sql`true`;
  const columns = sql`d.ticket_id as id, ${sql.raw(`'${rank}'`)} as rank, d.created_at`;
  if (rank === SEARCH_RANKS.subject)
    return {
      single: sql`select ${columns} from ticket_search_documents d ${join}
        where d.subject_document @@ (${query}) and ${sql.join([afterCursor, ...filters], sql` and `)}
        order by d.created_at desc, d.ticket_id desc limit ${limit}`,
    };
  const match = sql`d.document @@ (${query}) and not (d.subject_document @@ (${query}))`;
  return {
    recent: sql`select ${columns} from (
        select d.ticket_id, d.created_at, d.document, d.subject_document from ticket_search_documents d
        where ${afterCursor} order by d.created_at desc, d.ticket_id desc limit ${RECENT_WINDOW}) d
      ${join}
      where ${sql.join([match, ...filters], sql` and `)}
      order by d.created_at desc, d.ticket_id desc limit ${limit}`,
    /** The oldest ticket of the window, when the window was full (else nothing is older). */
    edge: sql`select min(created_at) as created_at, (array_agg(ticket_id order by created_at, ticket_id))[1] as id,
        count(*) = ${RECENT_WINDOW} as full from (
      select d.ticket_id, d.created_at from ticket_search_documents d
      where ${afterCursor} order by d.created_at desc, d.ticket_id desc limit ${RECENT_WINDOW}) x`,
    older: (window) =>
      sql`select ${columns} from ticket_search_documents d ${join}
        where ${sql.join(
          [match, ...filters, sql`(d.created_at, d.ticket_id) < (${window.createdAt}::timestamptz, ${window.id})`],
          sql` and `,
        )}
        order by d.created_at + interval '0 s' desc, d.ticket_id + 0 desc limit ${limit}`,
  };
}

/** The ranked page: ids, ranks and creation times only (the documents are never read back). */
export async function rankedIds(
  db: Queryable,
  query: SQL,
  input: TicketSearchInput,
  currentStaffId: string | null,
): Promise<RankedRow[]> {
  const filters = filtersOf(input, currentStaffId);
  const want = input.limit + 1;
  const cursorRank = input.cursor ? Number(input.cursor.rank) : null;
  const rows: RankedRow[] = [];
  for (const rank of [SEARCH_RANKS.subject, SEARCH_RANKS.elsewhere]) {
    if (rows.length >= want) break;
    // Pages of a lower rank come after every page of a higher one.
    if (cursorRank !== null && cursorRank < rank) continue;
    const after = cursorRank === rank && input.cursor ? input.cursor : null;
    const plan = rankQueries(rank, query, filters, after, want - rows.length);
    if ("single" in plan) {
      rows.push(...(await rowsOf<RankedRow>(db, plan.single)));
      continue;
    }
    const needed = want - rows.length;
    const recent = await rowsOf<RankedRow>(db, plan.recent);
    rows.push(...recent);
    if (recent.length >= needed) continue;
    // The window ran out before the page filled: older matches, if the window did not reach the oldest ticket.
    const [edge] = await rowsOf<{ created_at: Date | string | null; id: number | null; full: boolean }>(db, plan.edge);
    if (!edge?.full || edge.created_at === null || edge.id === null) continue;
    const window = { createdAt: new Date(edge.created_at).toISOString(), id: Number(edge.id) };
    rows.push(...(await rowsOf<RankedRow>(db, plan.older(window))));
  }
  return rows;
}

/** The page's tickets with their panels' fields and highlights; the snippet is the latest matching message. */
export function hitDetailsQuery(query: SQL, ids: number[]): SQL {
  return sql`
    with q as (select (${query}) as query)
    select t.id, t.subject, t.type, t.status, t.important, t.created_at, t.customer_id, c.display_name as customer_name,
      t.assigned_to_id, u.name as assigned_to_name, t.first_response_due_at, t.first_responded_at, t.sla_due_at,
      t.sla_next_due_at, t.closed_at,
      ts_headline(${FR}, t.subject, q.query, ${WHOLE}) as subject_fr,
      ts_headline(${EN}, t.subject, q.query, ${WHOLE}) as subject_en,
      ts_headline(${FR}, s.body, q.query, ${SNIPPET}) as snippet_fr,
      ts_headline(${EN}, s.body, q.query, ${SNIPPET}) as snippet_en,
      s.internal as snippet_internal, s.created_at as snippet_at
    from q cross join tickets t
    left join customers c on c.id = t.customer_id
    left join staff_users u on u.id = t.assigned_to_id
    left join lateral (
      select m.body, m.internal, m.created_at from ticket_messages m
      where m.ticket_id = t.id and ticket_search_vector(m.body) @@ q.query
      order by m.created_at desc, m.id desc limit 1
    ) s on true
    where t.id = any(${`{${ids.join(",")}}`}::int[])`;
}

type DetailRow = {
  id: number;
  subject: string;
  type: string;
  status: string;
  important: boolean;
  created_at: Date | string;
  customer_id: number | null;
  customer_name: string | null;
  assigned_to_id: string | null;
  assigned_to_name: string | null;
  first_response_due_at: Date | string | null;
  first_responded_at: Date | string | null;
  sla_due_at: Date | string | null;
  sla_next_due_at: Date | string | null;
  closed_at: Date | string | null;
  subject_fr: string;
  subject_en: string;
  snippet_fr: string | null;
  snippet_en: string | null;
  snippet_internal: boolean | null;
  snippet_at: Date | string | null;
};

const date = (v: Date | string | null) => (v === null ? null : new Date(v));
/** The French parse highlights French stems, the English one English stems: keep whichever found more. */
const better = (fr: string | null, en: string | null) => {
  const hits = (s: string | null) => (s ? s.split(HIT_START).length - 1 : 0);
  return hits(en) > hits(fr) ? en : fr;
};

export async function searchTickets(db: Queryable, input: TicketSearchInput, currentStaffId: string | null) {
  const query = searchQuery(input.q);
  if (!query) return { items: [] as TicketSearchHit[], nextCursor: null };
  const ranked = await rankedIds(db, query, input, currentStaffId);
  const page = ranked.slice(0, input.limit);
  if (page.length === 0) return { items: [] as TicketSearchHit[], nextCursor: null };
  const details = new Map(
    (
      await rowsOf<DetailRow>(
        db,
        hitDetailsQuery(
          query,
          page.map((r) => r.id),
        ),
      )
    ).map((r) => [Number(r.id), r]),
  );
  const items: TicketSearchHit[] = page.flatMap((r) => {
    const d = details.get(Number(r.id));
    if (!d) return [];
    const snippet = better(d.snippet_fr, d.snippet_en);
    return [
      {
        id: Number(d.id),
        subject: d.subject,
        subjectHighlight: better(d.subject_fr, d.subject_en) ?? d.subject,
        snippet: hasHit(snippet) ? snippet : null,
        snippetInternal: d.snippet_internal ?? false,
        snippetAt: date(d.snippet_at),
        rank: r.rank,
        type: d.type,
        status: d.status,
        important: d.important,
        createdAt: new Date(d.created_at),
        customerId: d.customer_id,
        customerName: d.customer_name,
        assignedToId: d.assigned_to_id,
        assignedToName: d.assigned_to_name,
        firstResponseDueAt: date(d.first_response_due_at),
        firstRespondedAt: date(d.first_responded_at),
        slaDueAt: date(d.sla_due_at),
        slaNextDueAt: date(d.sla_next_due_at),
        closedAt: date(d.closed_at),
      },
    ];
  });
  const last = page.at(-1)!;
  return {
    items,
    nextCursor:
      ranked.length > input.limit
        ? { rank: last.rank, createdAt: new Date(last.created_at).toISOString(), id: Number(last.id) }
        : null,
  };
}
