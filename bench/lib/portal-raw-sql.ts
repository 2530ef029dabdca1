import type pg from "pg";

/**
 * The portal benchmark's baseline: the statements the portal's services send for one customer,
 * written by hand and sent straight through pg. Keep them in step with server/services/portal.
 */
const VISIT_COLUMNS = `j.id, j.kind, j.status, j.window_start, j.window_end, j.scheduled_start, j.duration_min,
  l.address, l.unit, l.city, t.name, vr.response, vr.ticket_id
  from dispatch_jobs j join service_locations l on l.id = j.location_id
  left join dispatch_technicians t on t.id = j.lead_technician_id
  left join visit_responses vr on vr.job_id = j.id
  where (j.customer_id = $1 or (j.customer_id is null and j.location_id in (select id from service_locations where customer_id = $1)))`;

export const PORTAL_RAW_QUERIES = {
  /** portal.invoices: the first page (25) and the open balance. */
  async invoices(pool: pg.Pool, customerId: number) {
    return Promise.all([
      pool.query(
        `select id, number, kind, status, issue_date, due_date, total_cents, balance_cents from invoices
        where customer_id = $1 and status <> 'draft' order by issue_date desc, id desc limit 26`,
        [customerId],
      ),
      pool.query(
        "select coalesce(sum(balance_cents), 0)::int as balance from invoices where customer_id = $1 and status = 'open'",
        [customerId],
      ),
    ]);
  },
  /** portalTickets.list: the newest 100 by activity, with each one's public messages' count and latest time. */
  async tickets(pool: pg.Pool, customerId: number) {
    return pool.query(
      `select t.id, t.subject, t.type, t.status, t.important, t.created_at, t.updated_at, t.closed_at,
        (select max(m.created_at) from ticket_messages m where m.ticket_id = t.id and not m.internal),
        (select count(*) from ticket_messages m where m.ticket_id = t.id and not m.internal)
      from tickets t where t.customer_id = $1 order by t.updated_at desc, t.id desc limit 100`,
      [customerId],
    );
  },
  /** portalVisits.list: the open visits, soonest first, and the last 20 finished ones. */
  async visits(pool: pg.Pool, customerId: number) {
    return Promise.all([
      pool.query(
        `select ${VISIT_COLUMNS} and j.status not in ('done', 'cancelled')
        order by coalesce(j.scheduled_start, j.window_start) asc nulls last, j.id asc limit 50`,
        [customerId],
      ),
      pool.query(
        `select ${VISIT_COLUMNS} and j.status in ('done', 'cancelled')
        order by coalesce(j.scheduled_start, j.window_start) desc nulls last, j.id desc limit 20`,
        [customerId],
      ),
    ]);
  },
};
