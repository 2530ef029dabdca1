import type { invoiceLines, invoices } from "../../db/schema";
import { itemBySku } from "./catalog";
import { monthDate, periodEnd, shared, type RowOf, type SeedContext } from "./context";
import { customersOf, invoiceCount, type CustomerPlan } from "./customers";
import { paymentsOf } from "./payments";
import { billedPrice, subscriptionsOf, type SubscriptionPlan } from "./services";
import { DAY, formatDay, historicLocal, iso } from "./time";

export const INVOICE_OPEN = 0;
export const INVOICE_PAID = 1;
export const INVOICE_VOID = 2;

/** Invoices as flat arrays (115,000 of them): plan order is customer by customer, month by month. */
export interface InvoicePlan {
  count: number;
  customers: CustomerPlan[];
  customer: Int32Array;
  month: Int16Array;
  issueMs: Float64Array;
  total: Int32Array;
  /** Set on the last invoices of customers who stopped paying. */
  lateFee: Uint8Array;
  /** Filled by the payment plan. */
  balance: Int32Array;
  status: Uint8Array;
  /** Final ids follow issue date: idOf[planIndex], and planAt[id - 1]. */
  idOf: Int32Array;
  planAt: Int32Array;
  /** Plan indexes of customer c (by position in `customers`): [start[c], start[c + 1]). */
  start: Int32Array;
}

interface Line {
  sub: SubscriptionPlan | null;
  itemId: number | null;
  description: string;
  unitPriceCents: number;
  quantity: number;
  amountCents: number;
}

const GST = 0.05;
const QST = 0.09975;

export function taxes(subtotal: number): { gst: number; qst: number; total: number } {
  const gst = Math.round(subtotal * GST);
  const qst = Math.round(subtotal * QST);
  return { gst, qst, total: subtotal + gst + qst };
}

/** What a customer is billed for month m. Pure: the same lines are rebuilt when rows are written. */
export function linesFor(c: CustomerPlan, m: number, lateFee: boolean): Line[] {
  const fr = c.language === "fr";
  const lines: Line[] = [];
  const fee = (sku: string) => {
    const item = itemBySku(sku);
    lines.push({
      sub: null,
      itemId: item.id,
      description: fr ? item.nameFr : item.nameEn,
      unitPriceCents: item.priceCents,
      quantity: 1,
      amountCents: item.priceCents,
    });
  };
  for (const loc of c.locations) {
    for (const sub of loc.subs) {
      if (sub.status === "pending" || m < sub.startMonth || m > sub.endMonth) continue;
      const price = billedPrice(sub);
      lines.push({
        sub,
        itemId: sub.item.id,
        description: fr ? sub.item.nameFr : sub.item.nameEn,
        unitPriceCents: price,
        quantity: 1,
        amountCents: price,
      });
    }
    if (loc.startMonth === m && loc.installFee) fee("FEE-INSTALL");
    if (loc.startMonth === m && loc.moveFee) fee("FEE-MOVE");
  }
  if (lateFee) fee("FEE-LATE");
  let subtotal = lines.reduce((n, l) => n + l.amountCents, 0);
  for (const loc of c.locations) {
    for (const sub of loc.subs) {
      if (sub.campaignGiftCents === null || sub.startMonth !== m || sub.status === "pending") continue;
      // The welcome credit never takes an invoice below zero.
      const credit = Math.min(sub.campaignGiftCents, subtotal);
      if (credit <= 0) continue;
      subtotal -= credit;
      lines.push({
        sub: null,
        itemId: null,
        description: `${fr ? "Crédit promotionnel" : "Promotional credit"} ${sub.campaignCode ?? ""}`.trim(),
        unitPriceCents: -credit,
        quantity: 1,
        amountCents: -credit,
      });
    }
  }
  return lines;
}

function planInvoices(ctx: SeedContext): InvoicePlan {
  subscriptionsOf(ctx);
  const { customers } = customersOf(ctx);
  const count = customers.reduce((n, c) => n + invoiceCount(ctx, c), 0);
  const plan: InvoicePlan = {
    count,
    customers,
    customer: new Int32Array(count),
    month: new Int16Array(count),
    issueMs: new Float64Array(count),
    total: new Int32Array(count),
    lateFee: new Uint8Array(count),
    balance: new Int32Array(count),
    status: new Uint8Array(count),
    idOf: new Int32Array(count),
    planAt: new Int32Array(count),
    start: new Int32Array(customers.length + 1),
  };
  let k = 0;
  customers.forEach((c, ci) => {
    plan.start[ci] = k;
    const n = invoiceCount(ctx, c);
    for (let j = 0; j < n; j++, k++) {
      const m = c.startMonth + j;
      const late = c.pay === "overdue" && j > n - c.unpaidTail;
      plan.customer[k] = ci;
      plan.month[k] = m;
      plan.issueMs[k] = monthDate(ctx, m, c.billingDay);
      plan.lateFee[k] = late ? 1 : 0;
      plan.total[k] = taxes(linesFor(c, m, late).reduce((s, l) => s + l.amountCents, 0)).total;
    }
  });
  plan.start[customers.length] = k;
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => (plan.issueMs[a] as number) - (plan.issueMs[b] as number) || a - b);
  order.forEach((p, i) => {
    plan.planAt[i] = p;
    plan.idOf[p] = i + 1;
  });
  return plan;
}

export function invoicesOf(ctx: SeedContext): InvoicePlan {
  return shared(ctx, "invoices", () => planInvoices(ctx));
}

function* inIdOrder(ctx: SeedContext) {
  const plan = invoicesOf(ctx);
  for (let i = 0; i < plan.count; i++) {
    const p = plan.planAt[i] as number;
    const c = plan.customers[plan.customer[p] as number] as CustomerPlan;
    yield { id: i + 1, p, c, m: plan.month[p] as number, plan };
  }
}

export function* invoiceRows(ctx: SeedContext): Generator<RowOf<typeof invoices>> {
  paymentsOf(ctx);
  const perYear = new Map<number, number>();
  for (const { id, p, c, m, plan } of inIdOrder(ctx)) {
    const issue = plan.issueMs[p] as number;
    const year = new Date(issue).getUTCFullYear();
    const seq = (perYear.get(year) ?? 0) + 1;
    perYear.set(year, seq);
    const subtotal = linesFor(c, m, plan.lateFee[p] === 1).reduce((s, l) => s + l.amountCents, 0);
    const { gst, qst, total } = taxes(subtotal);
    const status = plan.status[p];
    yield {
      id,
      number: `F${year}-${String(seq).padStart(6, "0")}`,
      customerId: c.id,
      status: status === INVOICE_PAID ? "paid" : status === INVOICE_VOID ? "void" : "open",
      language: c.language,
      issueDate: formatDay(issue),
      dueDate: formatDay(issue + 21 * DAY),
      periodStart: formatDay(issue),
      periodEnd: formatDay(periodEnd(ctx, m, c.billingDay)),
      subtotalCents: subtotal,
      gstCents: gst,
      qstCents: qst,
      totalCents: total,
      balanceCents: plan.balance[p] as number,
      // The billing run works at night.
      createdAt: iso(historicLocal(issue, 3 * 60)),
    };
  }
}

export function* invoiceLineRows(ctx: SeedContext): Generator<RowOf<typeof invoiceLines>> {
  let id = 0;
  for (const { id: invoiceId, p, c, m, plan } of inIdOrder(ctx)) {
    const start = formatDay(plan.issueMs[p] as number);
    const end = formatDay(periodEnd(ctx, m, c.billingDay));
    for (const l of linesFor(c, m, plan.lateFee[p] === 1)) {
      yield {
        id: ++id,
        invoiceId,
        subscriptionId: l.sub?.id ?? null,
        itemId: l.itemId,
        description: l.description,
        periodStart: l.sub ? start : null,
        periodEnd: l.sub ? end : null,
        quantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
        amountCents: l.amountCents,
        taxable: true,
      };
    }
  }
}
