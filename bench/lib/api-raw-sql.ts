import type pg from "pg";
import { likePattern } from "../../lib/domain/customer-search";

/**
 * The api benchmark's baseline: the statements the services send, written by hand and
 * sent straight through pg. Keep them in step with server/services when those change.
 */
const HIT_COLUMNS = `c.id, c.display_name, c.legacy_account_id, c.email, c.phone, c.language, c.status,
  (select l.address || ', ' || l.city from service_locations l where l.customer_id = c.id order by l.id limit 1) as first_address`;

async function hits(pool: pg.Pool, ids: number[]): Promise<Array<Record<string, unknown>>> {
  if (ids.length === 0) return [];
  return (
    await pool.query<Record<string, unknown>>(`select ${HIT_COLUMNS} from customers c where c.id = any($1)`, [ids])
  ).rows;
}
const idsOf = (r: pg.QueryResult) => r.rows.map((row: { id: number }) => row.id);

export const RAW_QUERIES = {
  async searchName(pool: pg.Pool, q: string) {
    const r = await pool.query(
      `select id from customers where immutable_unaccent(display_name) ilike immutable_unaccent($1)
      order by immutable_unaccent(display_name) ilike immutable_unaccent($2) desc, display_name limit 25`,
      [likePattern(q), likePattern(q).slice(1)],
    );
    return hits(pool, idsOf(r));
  },
  async searchPhone(pool: pg.Pool, digits: string) {
    const r = await pool.query(
      "select id from customers where phone_digits like $1 or regexp_replace(coalesce(mobile, ''), '[^0-9]', '', 'g') like $1 order by display_name limit 25",
      [likePattern(digits)],
    );
    return hits(pool, idsOf(r));
  },
  async searchEmail(pool: pg.Pool, q: string) {
    const r = await pool.query("select id from customers where email ilike $1 order by email limit 25", [
      likePattern(q),
    ]);
    return hits(pool, idsOf(r));
  },
  async searchAddress(pool: pg.Pool, q: string) {
    const r = await pool.query(
      "select distinct customer_id as id from service_locations where immutable_unaccent(address || ' ' || city || ' ' || postal_code) ilike immutable_unaccent($1) limit 25",
      [likePattern(q)],
    );
    return hits(pool, idsOf(r));
  },
  async searchLegacyId(pool: pg.Pool, q: string) {
    const r = await pool.query(
      "select id from customers where legacy_account_id = any($1) or legacy_customer_id = any($1) limit 25",
      [[q, q.toUpperCase()]],
    );
    return hits(pool, idsOf(r));
  },
  /** A plain name typed in the "any" box: name, then email, then address, until 25 hits. */
  async searchAny(pool: pg.Pool, q: string) {
    const seen = new Set<number>();
    for (const sql of [
      "select id from customers where immutable_unaccent(display_name) ilike immutable_unaccent($1) order by immutable_unaccent(display_name) ilike immutable_unaccent($2) desc, display_name limit 25",
      "select id from customers where email ilike $1 order by email limit 25",
      "select distinct customer_id as id from service_locations where immutable_unaccent(address || ' ' || city || ' ' || postal_code) ilike immutable_unaccent($1) limit 25",
    ]) {
      if (seen.size >= 25) break;
      const params = sql.includes("$2") ? [likePattern(q), likePattern(q).slice(1)] : [likePattern(q)];
      for (const id of idsOf(await pool.query(sql, params))) if (seen.size < 25) seen.add(id);
    }
    return hits(pool, [...seen]);
  },
  async customer360(pool: pg.Pool, id: number) {
    const customer = await pool.query("select * from customers where id = $1", [id]);
    return [
      customer,
      ...(await Promise.all([
        pool.query("select * from service_locations where customer_id = $1 order by id", [id]),
        pool.query(
          `select s.id, s.location_id, s.status, s.start_date, s.end_date, s.billing_day, s.price_override_cents, s.campaign_code, s.commitment_months, s.radius_username, s.radius_status,
        i.id, i.sku, i.name_fr, i.name_en, i.price_cents, i.download_mbps, i.upload_mbps
        from service_subscriptions s join items i on i.id = s.item_id where s.customer_id = $1 order by s.status, s.id`,
          [id],
        ),
        pool.query(
          `select e.id, e.kind, e.serial, e.mac, e.model, e.firmware, e.management_ip, e.status, e.location_id, e.subscription_id
        from service_equipment e join service_locations l on l.id = e.location_id where l.customer_id = $1 order by e.id`,
          [id],
        ),
        pool.query(
          "select id, number, status, issue_date, due_date, total_cents, balance_cents from invoices where customer_id = $1 order by issue_date desc, id desc limit 25",
          [id],
        ),
        pool.query(
          `select count(*), sum(case when status = 'open' then balance_cents else 0 end), sum(case when status = 'open' and due_date < current_date then balance_cents else 0 end)
        from invoices where customer_id = $1`,
          [id],
        ),
        pool.query(
          `select p.id, p.received_at, p.amount_cents, p.method, p.status, p.reference,
        coalesce((select sum(a.amount_cents) from payment_allocations a where a.payment_id = p.id), 0)
        from payments p where p.customer_id = $1 order by p.received_at desc, p.id desc limit 25`,
          [id],
        ),
        pool.query("select count(*) from payments where customer_id = $1", [id]),
        pool.query(
          `select t.id, t.parent_id, t.subject, t.type, t.status, t.important, t.created_at, t.sla_due_at,
        (select count(*) from ticket_messages m where m.ticket_id = t.id) from tickets t where t.customer_id = $1 order by t.created_at desc, t.id desc limit 25`,
          [id],
        ),
        pool.query("select status, count(*) from tickets where customer_id = $1 group by status", [id]),
      ])),
    ];
  },
  ticketsByStatus: (pool: pg.Pool, statuses: string[]) =>
    pool.query(
      `${TICKET_LIST} where t.status = any($1::ticket_status[]) order by t.created_at desc, t.id desc limit 26`,
      [statuses],
    ),
  ticketsRepairImportant: (pool: pg.Pool) =>
    pool.query(`${TICKET_LIST} where t.type = 'repair' and t.important order by t.created_at desc, t.id desc limit 26`),
  ticketsAssignee: (pool: pg.Pool, staffId: string) =>
    pool.query(
      `${TICKET_LIST} where t.status = 'open' and t.assigned_to_id = $1 order by t.created_at desc, t.id desc limit 26`,
      [staffId],
    ),
  ticketsCustomer: (pool: pg.Pool, customerId: number) =>
    pool.query(`${TICKET_LIST} where t.customer_id = $1 order by t.created_at desc, t.id desc limit 26`, [customerId]),
};

const TICKET_LIST = `select t.id, t.parent_id, t.subject, t.type, t.status, t.important, t.created_at, t.sla_due_at, t.customer_id, c.display_name, t.assigned_to_id, u.name,
  (select count(*) from ticket_messages m where m.ticket_id = t.id)
  from tickets t left join customers c on c.id = t.customer_id left join staff_users u on u.id = t.assigned_to_id`;
