import type pg from "pg";
import { searchTerms } from "../../lib/domain/ticket-search";

/**
 * The tickets benchmark's baseline: the statements the search service and the ticket list send,
 * written by hand and sent straight through pg. Keep them in step with server/services/tickets.
 */
const OPTIONS_SNIPPET =
  'StartSel="\u0001", StopSel="\u0002", MaxWords=28, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "';
const OPTIONS_WHOLE = 'StartSel="\u0001", StopSel="\u0002", HighlightAll=true';

function tsquery(q: string): { text: string; params: string[] } {
  const terms = searchTerms(q);
  return {
    text: terms
      .map(
        (_, i) =>
          `(plainto_tsquery('public.fr_unaccent'::regconfig, $${i + 1}) || plainto_tsquery('public.en_unaccent'::regconfig, $${i + 1}))`,
      )
      .join(" && "),
    params: terms,
  };
}

export async function rawSearch(pool: pg.Pool, q: string) {
  const query = tsquery(q);
  const n = query.params.length;
  const tsq = `(${query.text})`;
  const rows: Array<{ id: number }> = [];
  rows.push(
    ...(
      await pool.query<{ id: number }>(
        `select d.ticket_id as id, '2' as rank, d.created_at from ticket_search_documents d
         where d.subject_document @@ ${tsq} order by d.created_at desc, d.ticket_id desc limit 26`,
        query.params,
      )
    ).rows,
  );
  const elsewhere = `d.document @@ ${tsq} and not (d.subject_document @@ ${tsq})`;
  if (rows.length < 26) {
    const recent = (
      await pool.query<{ id: number }>(
        `select d.ticket_id as id, '1' as rank, d.created_at from (
           select ticket_id, created_at, document, subject_document from ticket_search_documents
           order by created_at desc, ticket_id desc limit 2000) d
         where ${elsewhere} order by d.created_at desc, d.ticket_id desc limit ${26 - rows.length}`,
        query.params,
      )
    ).rows;
    const needed = 26 - rows.length;
    rows.push(...recent);
    if (recent.length < needed) {
      const edge = (
        await pool.query<{ created_at: Date; id: number; full: boolean }>(
          `select min(created_at) as created_at, (array_agg(ticket_id order by created_at, ticket_id))[1] as id,
             count(*) = 2000 as full from (select ticket_id, created_at from ticket_search_documents
             order by created_at desc, ticket_id desc limit 2000) x`,
        )
      ).rows[0]!;
      if (edge.full)
        rows.push(
          ...(
            await pool.query<{ id: number }>(
              `select d.ticket_id as id, '1' as rank, d.created_at from ticket_search_documents d
               where ${elsewhere} and (d.created_at, d.ticket_id) < ($${n + 1}, $${n + 2})
               order by d.created_at + interval '0 s' desc, d.ticket_id + 0 desc limit ${26 - rows.length}`,
              [...query.params, edge.created_at, edge.id],
            )
          ).rows,
        );
    }
  }
  const ranked = { rows };
  const ids = ranked.rows.slice(0, 25).map((r) => r.id);
  if (ids.length === 0) return [];
  return (
    await pool.query<Record<string, unknown>>(
      `with q as (select (${query.text}) as query)
       select t.id, t.subject, t.type, t.status, t.important, t.created_at, t.customer_id, c.display_name,
         t.assigned_to_id, u.name, t.first_response_due_at, t.first_responded_at, t.sla_due_at, t.sla_next_due_at, t.closed_at,
         ts_headline('public.fr_unaccent'::regconfig, t.subject, q.query, $${n + 2}),
         ts_headline('public.en_unaccent'::regconfig, t.subject, q.query, $${n + 2}),
         ts_headline('public.fr_unaccent'::regconfig, s.body, q.query, $${n + 3}),
         ts_headline('public.en_unaccent'::regconfig, s.body, q.query, $${n + 3}),
         s.internal, s.created_at
       from q cross join tickets t
       left join customers c on c.id = t.customer_id
       left join staff_users u on u.id = t.assigned_to_id
       left join lateral (
         select m.body, m.internal, m.created_at from ticket_messages m
         where m.ticket_id = t.id and ticket_search_vector(m.body) @@ q.query
         order by m.created_at desc, m.id desc limit 1) s on true
       where t.id = any($${n + 1}::int[])`,
      [...query.params, ids, OPTIONS_WHOLE, OPTIONS_SNIPPET],
    )
  ).rows;
}

const LIST_COLUMNS = `select t.id, t.parent_id, t.subject, t.type, t.status, t.important, t.created_at, t.sla_due_at,
  t.first_response_due_at, t.first_responded_at, t.sla_next_due_at, t.closed_at, t.customer_id, c.display_name, t.assigned_to_id, u.name,
  (select count(*) from ticket_messages m where m.ticket_id = t.id)
  from tickets t left join customers c on c.id = t.customer_id left join staff_users u on u.id = t.assigned_to_id`;

export const rawBreaching = (pool: pg.Pool, nearUntil: Date) =>
  pool.query(
    `${LIST_COLUMNS} where t.sla_next_due_at is not null and t.sla_next_due_at <= $1 order by t.sla_next_due_at asc, t.id asc limit 26`,
    [nearUntil],
  );

export const rawView = (pool: pg.Pool, assignee: string | null) =>
  pool.query(
    `${LIST_COLUMNS} where t.status = any('{open,in_progress,waiting}'::ticket_status[]) and ${assignee ? "t.assigned_to_id = $1" : "t.assigned_to_id is null"}
     order by t.created_at desc, t.id desc limit 26`,
    assignee ? [assignee] : [],
  );

/** The ticket page's own data: the ticket with its people, its last 40 messages, its parent and children. */
export async function rawTicketPage(pool: pg.Pool, ticketId: number) {
  const [ticket, thread, family] = await Promise.all([
    pool.query<Record<string, unknown>>(
      `select t.*, c.display_name, u.name from tickets t left join customers c on c.id = t.customer_id
       left join staff_users u on u.id = t.assigned_to_id where t.id = $1`,
      [ticketId],
    ),
    pool.query(
      `select id, channel, author_kind, author_staff_id, author_name, body, internal, created_at from ticket_messages
       where ticket_id = $1 order by created_at desc, id desc limit 40`,
      [ticketId],
    ),
    pool.query(
      `select id, parent_id, subject, status, type, created_at from tickets
       where id = (select parent_id from tickets where id = $1) or parent_id = $1 order by created_at`,
      [ticketId],
    ),
  ]);
  return { ticket: ticket.rows[0], thread: thread.rows, family: family.rows };
}
