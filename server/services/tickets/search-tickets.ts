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

/** The ranked page: ids, ranks and creation times only (the documents are never read back). */
export function rankedIdsQuery(query: SQL, input: TicketSearchInput, currentStaffId: string | null): SQL {
  const filters = filtersOf(input, currentStaffId);
  const join = filters.length ? sql`join tickets t on t.id = d.ticket_id` : sql``;
  const cursorRank = input.cursor ? Number(input.cursor.rank) : null;
  const tier = (rank: number, match: SQL) => {
    const where = [match, ...filters];
    // Pages of a lower rank come after every page of a higher one.
    if (cursorRank !== null && cursorRank < rank) where.push(sql`false`);
    if (cursorRank === rank && input.cursor)
      where.push(sql`(d.created_at, d.ticket_id) < (${input.cursor.createdAt}::timestamptz, ${input.cursor.id})`);
    return sql`(select d.ticket_id as id, ${sql.raw(String(rank))} as rank, d.created_at
      from ticket_search_documents d ${join}
      where ${sql.join(where, sql` and `)}
      order by d.created_at desc, d.ticket_id desc limit ${input.limit + 1})`;
  };
  // The query is written out in each branch rather than shared through a CTE, so the planner
  // sees its words and picks per branch the GIN index (rare words) or the recency index (common ones).
  return sql`
    select id, rank::text as rank, created_at from (
      ${tier(SEARCH_RANKS.subject, sql`d.subject_document @@ (${query})`)}
      union all
      ${tier(SEARCH_RANKS.elsewhere, sql`d.document @@ (${query}) and not (d.subject_document @@ (${query}))`)}
    ) ranked
    order by rank desc, created_at desc, id desc
    limit ${input.limit + 1}`;
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
  const ranked = await rowsOf<{ id: number; rank: string; created_at: Date | string }>(
    db,
    rankedIdsQuery(query, input, currentStaffId),
  );
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
