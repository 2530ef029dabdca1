/**
 * One batch of the billing run: the due subscriptions of the next N customers, priced with the
 * pure rules (lib/domain/billing), written with two multi-row inserts in the caller's
 * transaction. Nothing here is per subscription on the wire: one select, one insert of
 * invoices, one insert of lines.
 */
import { sql, type SQL } from "drizzle-orm";
import { shiftDate } from "../../../lib/domain/quebec-dates";
import {
  buildInvoice,
  lastDayOf,
  lineText,
  periodInvoicedByRun,
  periodLine,
  type InvoiceLine,
  type Locale,
  type Subscription,
  type TaxProvider,
} from "../../../lib/domain/billing";
import { rowsOf, type Queryable } from "../../db/client";
import { invoiceLines, invoices } from "../../db/schema";

/** Days between the issue date and the due date of a run's invoices. */
export const INVOICE_DUE_DAYS = 30;

export interface RunMonth {
  year: number;
  month: number;
  /** The run's date, kept for periodInvoicedByRun so the SQL and the rules agree on the period. */
  runDate: string;
}

/**
 * The period start in SQL: the billing day in the run's month, the same date
 * periodInvoicedByRun(runDate, billingDay) gives (billing days are 1..28, so it always exists).
 */
function periodStartSql(m: RunMonth): SQL {
  return sql`make_date(${m.year}::int, ${m.month}::int, s.billing_day::int)`;
}

/**
 * Subscriptions the run owes an invoice line. Only status `active` is billed: `pending` is not
 * in service yet (its first invoice comes from the activation), `suspended` is not charged in
 * advance while suspended, `cancelled` is over (a cancellation at period end leaves the paid
 * period to run out, ADR 0003). Then: in service on the period start
 * (activated on or before it, not ended by it), and no line yet for that period. The NOT
 * EXISTS uses the unique index invoice_lines (subscription_id, period_start).
 */
export function dueSql(m: RunMonth, alreadyInvoiced: "skip" | "any" = "skip"): SQL {
  const start = periodStartSql(m);
  const due = sql`s.status = 'active' and s.start_date <= ${start} and (s.end_date is null or s.end_date > ${start})`;
  if (alreadyInvoiced === "any") return due;
  return sql`${due} and not exists (select 1 from invoice_lines l where l.subscription_id = s.id and l.period_start = ${start} and l.kind = 'period')`;
}

export function invoicedSql(m: RunMonth): SQL {
  return sql`exists (select 1 from invoice_lines l where l.subscription_id = s.id and l.period_start = ${periodStartSql(m)} and l.kind = 'period')`;
}

interface DueRow {
  id: number;
  customer_id: number;
  billing_day: number;
  start_date: string;
  price_override_cents: number | null;
  campaign_discount_cents: number | null;
  item_id: number;
  name_fr: string;
  name_en: string;
  price_cents: number;
  language: Locale;
}

/** Due subscriptions of the next `customers` customers after `afterCustomerId`, whole customers only. */
async function selectBatch(tx: Queryable, m: RunMonth, afterCustomerId: number, customers: number): Promise<DueRow[]> {
  return rowsOf<DueRow>(
    tx,
    sql`
    with batch as (
      select distinct s.customer_id from service_subscriptions s
      where s.customer_id > ${afterCustomerId}::int and ${dueSql(m)}
      order by s.customer_id limit ${customers}::int
    )
    select s.id, s.customer_id, s.billing_day, s.start_date::text as start_date, s.price_override_cents, s.campaign_discount_cents,
      s.item_id, i.name_fr, i.name_en, i.price_cents, c.language
    from service_subscriptions s
    join batch b on b.customer_id = s.customer_id
    join items i on i.id = s.item_id
    join customers c on c.id = s.customer_id
    where ${dueSql(m)}
    order by s.customer_id, s.billing_day, s.id`,
  );
}

/**
 * Deterministic and unique per customer and period: F-<yyyymm>-<customer id>-<billing day>.
 * A subscription that becomes due after its customer's invoice for that period start was made
 * (added late, then the run re-run) gets an invoice of its own: the first free of -2, -3, ...
 * The suffix depends only on the numbers already issued, so a retried batch picks the same one.
 */
export function invoiceNumber(periodStart: string, customerId: number, taken: ReadonlySet<string> = new Set()): string {
  const base = `F-${periodStart.slice(0, 4)}${periodStart.slice(5, 7)}-${customerId}-${periodStart.slice(8, 10)}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Run invoice numbers of the month already issued to the batch's customers (a contiguous id range). */
async function takenNumbers(tx: Queryable, m: RunMonth, rows: DueRow[]): Promise<Set<string>> {
  const prefix = `F-${m.year}${String(m.month).padStart(2, "0")}-%`;
  const found = await rowsOf<{ number: string }>(
    tx,
    sql`
    select number from invoices
    where customer_id between ${rows[0]!.customer_id}::int and ${rows[rows.length - 1]!.customer_id}::int and number like ${prefix}`,
  );
  return new Set(found.map((r) => r.number));
}

export interface BatchResult {
  /** Last customer of the batch: the next batch starts after it. Null when nothing was due. */
  lastCustomerId: number | null;
  invoices: number;
  lines: number;
}

/**
 * Line texts depend only on the locale, the plan and the period, so a run renders each
 * combination once (Intl date formatting is the costliest part of pricing a line).
 */
export class LineTextCache {
  private readonly texts = new Map<string, string>();
  render(locale: Locale, line: InvoiceLine): string {
    const key = `${locale}|${line.key}|${JSON.stringify(line.params)}`;
    let text = this.texts.get(key);
    if (text === undefined) {
      text = lineText(locale, line);
      this.texts.set(key, text);
    }
    return text;
  }
}

export async function invoiceBatch(
  tx: Queryable,
  m: RunMonth,
  options: {
    runId: number;
    afterCustomerId: number;
    customers: number;
    issueDate: string;
    provider: TaxProvider;
    texts: LineTextCache;
  },
): Promise<BatchResult> {
  const rows = await selectBatch(tx, m, options.afterCustomerId, options.customers);
  if (rows.length === 0) return { lastCustomerId: null, invoices: 0, lines: 0 };

  // One invoice per customer and period start (a customer's subscriptions may differ in billing day).
  const groups = new Map<
    string,
    {
      customerId: number;
      language: Locale;
      periodStart: string;
      periodEnd: string;
      number: string;
      subs: Array<{ row: DueRow; line: InvoiceLine }>;
    }
  >();
  const taken = await takenNumbers(tx, m, rows);
  for (const row of rows) {
    const period = periodInvoicedByRun(m.runDate, row.billing_day);
    const language: Locale = row.language === "en" ? "en" : "fr";
    const sub: Subscription = {
      plan: { name: language === "fr" ? row.name_fr : row.name_en, monthlyPriceCents: row.price_cents },
      priceOverrideCents: row.price_override_cents,
      discountCentsPerPeriod: row.campaign_discount_cents ?? 0,
      billingDay: row.billing_day,
      activationDate: row.start_date,
    };
    const key = `${row.customer_id}|${period.start}`;
    let group = groups.get(key);
    if (!group) {
      const number = invoiceNumber(period.start, row.customer_id, taken);
      taken.add(number);
      group = {
        customerId: row.customer_id,
        language,
        periodStart: period.start,
        periodEnd: lastDayOf(period),
        number,
        subs: [],
      };
      groups.set(key, group);
    }
    group.subs.push({ row, line: periodLine(sub, period.start) });
  }

  const dueDate = shiftDate(options.issueDate, INVOICE_DUE_DAYS);
  const built = [...groups.values()].map((g) => ({
    g,
    invoice: buildInvoice(
      g.subs.map((s) => s.line),
      options.provider,
    ),
  }));
  const inserted = await tx
    .insert(invoices)
    .values(
      built.map(({ g, invoice }) => ({
        number: g.number,
        customerId: g.customerId,
        status: "open" as const,
        kind: invoice.kind === "credit-note" ? ("credit_note" as const) : ("invoice" as const),
        source: "billing_run" as const,
        billingRunId: options.runId,
        language: g.language,
        issueDate: options.issueDate,
        dueDate,
        // Stored as the last day included, like the rest of the invoices table (the seed's history).
        periodStart: g.periodStart,
        periodEnd: g.periodEnd,
        subtotalCents: invoice.subtotalCents,
        gstCents: invoice.gstCents,
        qstCents: invoice.qstCents,
        totalCents: invoice.totalCents,
        balanceCents: invoice.totalCents,
      })),
    )
    .returning({ id: invoices.id, number: invoices.number });
  const idByNumber = new Map(inserted.map((r) => [r.number, r.id]));

  const lineRows = built.flatMap(({ g }) => {
    const invoiceId = idByNumber.get(g.number);
    if (invoiceId === undefined) throw new Error(`invoice ${g.number} was not returned by the insert`);
    return g.subs.map(({ row, line }) => ({
      invoiceId,
      subscriptionId: row.id,
      itemId: row.item_id,
      description: options.texts.render(g.language, line),
      periodStart: line.periodStart,
      periodEnd: g.periodEnd,
      kind: "period" as const,
      quantity: 1,
      unitPriceCents: line.amountCents,
      amountCents: line.amountCents,
      taxable: true,
    }));
  });
  await tx.insert(invoiceLines).values(lineRows);
  return { lastCustomerId: rows[rows.length - 1]!.customer_id, invoices: inserted.length, lines: lineRows.length };
}
