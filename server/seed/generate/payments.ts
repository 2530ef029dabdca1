import type { paymentAllocations, payments } from "../../db/schema";
import { Rng } from "../random";
import { shared, type RowOf, type SeedContext } from "./context";
import type { PayBehaviour } from "./customers";
import { INVOICE_OPEN, INVOICE_PAID, INVOICE_VOID, invoicesOf, type InvoicePlan } from "./invoices";
import { DAY, historicLocal, HOUR, iso } from "./time";

type Method = "card" | "preauthorized" | "cheque" | "cash" | "interac" | "other";
const METHODS: readonly Method[] = ["card", "preauthorized", "cheque", "cash", "interac", "other"];

/** How long after the invoice each kind of payer pays, in days. */
const DELAY: Record<PayBehaviour, readonly [number, number]> = {
  preauth: [9, 11],
  prompt: [2, 20],
  late: [15, 45],
  overdue: [10, 40],
};
/** Chance that an invoice is paid on its own rather than together with the previous one. */
const ALONE: Record<PayBehaviour, number> = { preauth: 1, prompt: 0.92, late: 0.45, overdue: 0.8 };

export interface PaymentPlan {
  count: number;
  customerId: Int32Array;
  ms: Float64Array;
  amount: Int32Array;
  method: Uint8Array;
  failed: Uint8Array;
  /** Allocations of payment at creation index i: [allocStart[i], allocStart[i + 1]). */
  allocStart: Int32Array;
  allocInvoiceId: Int32Array;
  allocAmount: Int32Array;
  /** Ids follow receipt time: planAt[id - 1] is a creation index. */
  planAt: Int32Array;
}

/** Per invoice (plan index): when it is settled (NaN if not), and how its payment looks. */
interface Flags {
  payMs: Float64Array;
  alone: Uint8Array;
  split: Uint8Array;
  failed: Uint8Array;
  partialMs: Float64Array;
}

function decide(ctx: SeedContext, rng: Rng, inv: InvoicePlan): Flags {
  const f: Flags = {
    payMs: new Float64Array(inv.count).fill(NaN),
    alone: new Uint8Array(inv.count),
    split: new Uint8Array(inv.count),
    failed: new Uint8Array(inv.count),
    partialMs: new Float64Array(inv.count).fill(NaN),
  };
  inv.customers.forEach((c, ci) => {
    const from = inv.start[ci] as number;
    const to = inv.start[ci + 1] as number;
    const [lo, hi] = DELAY[c.pay];
    for (let p = from; p < to; p++) {
      const unpaid = p >= to - c.unpaidTail;
      if (!unpaid && c.demo < 0 && p < to - 2 && rng.chance(0.003)) {
        inv.status[p] = INVOICE_VOID;
        continue;
      }
      // A fully credited invoice (welcome gift) is settled without any payment.
      if ((inv.total[p] as number) === 0) continue;
      const payMs = historicLocal((inv.issueMs[p] as number) + rng.int(lo, hi) * DAY, rng.int(7 * 60, 21 * 60));
      if (unpaid || payMs >= ctx.nowMs) {
        // Someone who stopped paying sometimes sent part of the first missed invoice.
        const partialMs = historicLocal((inv.issueMs[p] as number) + rng.int(5, 15) * DAY, rng.int(9 * 60, 20 * 60));
        if (
          unpaid &&
          p === to - c.unpaidTail &&
          c.demo < 0 &&
          (inv.total[p] as number) > 1 &&
          partialMs < ctx.nowMs &&
          rng.chance(0.4)
        )
          f.partialMs[p] = partialMs;
        continue;
      }
      f.payMs[p] = payMs;
      f.alone[p] = rng.chance(ALONE[c.pay]) ? 1 : 0;
      if (c.pay === "preauth" && rng.chance(0.02)) f.failed[p] = 1;
      if ((inv.total[p] as number) > 1 && rng.chance(0.01)) f.split[p] = 1;
    }
  });
  return f;
}

function isSettled(f: Flags, p: number): boolean {
  return !Number.isNaN(f.payMs[p]);
}

/** A settled invoice starts a new payment unless it rides with the settled invoice before it. */
function startsGroup(inv: InvoicePlan, f: Flags, p: number): boolean {
  return f.alone[p] === 1 || p === 0 || inv.customer[p - 1] !== inv.customer[p] || !isSettled(f, p - 1);
}

function countPayments(inv: InvoicePlan, f: Flags): number {
  let n = 0;
  for (let p = 0; p < inv.count; p++) {
    if (!Number.isNaN(f.partialMs[p])) n++;
    if (!isSettled(f, p)) continue;
    if (startsGroup(inv, f, p)) n += 1 + f.failed[p]!;
    n += f.split[p]!;
  }
  return n;
}

/** Merges payments or splits invoices until the payment count is exactly the production volume. */
function matchPaymentTotal(ctx: SeedContext, rng: Rng, inv: InvoicePlan, f: Flags): void {
  let diff = ctx.volumes.payments - countPayments(inv, f);
  const candidates: number[] = [];
  for (let p = 1; p < inv.count; p++) {
    if (!isSettled(f, p)) continue;
    const c = inv.customers[inv.customer[p] as number];
    if (
      diff < 0 &&
      f.alone[p] &&
      !f.failed[p] &&
      c?.demo === -1 &&
      inv.customer[p - 1] === inv.customer[p] &&
      isSettled(f, p - 1)
    )
      candidates.push(p);
    if (diff > 0 && !f.split[p] && (inv.total[p] as number) > 1) candidates.push(p);
  }
  rng.shuffle(candidates);
  for (const p of candidates) {
    if (diff === 0) break;
    if (diff < 0) {
      f.alone[p] = 0;
      diff++;
    } else {
      f.split[p] = 1;
      diff--;
    }
  }
  if (diff !== 0) throw new Error(`cannot reach the payment volume (off by ${diff})`);
}

function planPayments(ctx: SeedContext): PaymentPlan {
  const rng = Rng.for(ctx.scale, "payments");
  const inv = invoicesOf(ctx);
  const f = decide(ctx, rng, inv);
  matchPaymentTotal(ctx, rng, inv, f);
  const customerId: number[] = [],
    ms: number[] = [],
    amount: number[] = [],
    method: number[] = [],
    failed: number[] = [];
  const allocStart: number[] = [],
    allocInvoiceId: number[] = [],
    allocAmount: number[] = [];
  const paid = new Int32Array(inv.count);
  const add = (ci: number, at: number, amt: number, m: Method, fail: boolean, allocs: Array<[number, number]>) => {
    customerId.push(inv.customers[ci]?.id ?? 0);
    ms.push(at);
    amount.push(amt);
    method.push(METHODS.indexOf(m));
    failed.push(fail ? 1 : 0);
    allocStart.push(allocInvoiceId.length);
    for (const [p, a] of allocs) {
      allocInvoiceId.push(inv.idOf[p] as number);
      allocAmount.push(a);
      paid[p] = (paid[p] as number) + a;
    }
  };
  const preferred = inv.customers.map((c) =>
    c.pay === "preauth"
      ? "preauthorized"
      : rng.weighted<Method>([
          ["card", 50],
          ["interac", 25],
          ["cheque", 15],
          ["cash", 5],
          ["other", 5],
        ]),
  );
  for (let p = 0; p < inv.count; p++) {
    const ci = inv.customer[p] as number;
    const pick = (): Method =>
      preferred[ci] !== "preauthorized" && rng.chance(0.15)
        ? rng.pick(["card", "interac", "cheque"] as const)
        : (preferred[ci] as Method);
    const total = inv.total[p] as number;
    if (!Number.isNaN(f.partialMs[p])) {
      const part = Math.min(total - 1, Math.max(1, Math.round(total * rng.float(0.3, 0.7))));
      add(ci, f.partialMs[p] as number, part, pick(), false, [[p, part]]);
    }
    if (!isSettled(f, p) || !startsGroup(inv, f, p)) continue;
    const group = [p];
    while (
      group.length > 0 &&
      p + group.length < inv.count &&
      isSettled(f, p + group.length) &&
      !startsGroup(inv, f, p + group.length)
    )
      group.push(p + group.length);
    const at = Math.max(...group.map((q) => f.payMs[q] as number));
    const lastIssue = inv.issueMs[group[group.length - 1] as number] as number;
    const m = pick();
    const allocs: Array<[number, number]> = group.map((q) => [q, inv.total[q] as number]);
    for (const [i, [q, a]] of allocs.entries()) {
      if (!f.split[q] || a <= 1) continue;
      // Paid in two instalments: part earlier, the rest with this payment.
      const part = rng.int(1, a - 1);
      const firstAt = (inv.issueMs[q] as number) + Math.max(HOUR, (at - (inv.issueMs[q] as number)) * 0.4);
      add(ci, firstAt, part, m, false, [[q, part]]);
      allocs[i] = [q, a - part];
    }
    const groupAmount = allocs.reduce((s, [, a]) => s + a, 0);
    // Counted once per payment group, by its first invoice (see countPayments).
    if (f.failed[p]) add(ci, Math.max(lastIssue + HOUR, at - 3 * DAY), Math.max(1, groupAmount), m, true, []);
    add(ci, at, groupAmount, m, false, allocs);
  }
  allocStart.push(allocInvoiceId.length);
  for (let p = 0; p < inv.count; p++) {
    if (inv.status[p] === INVOICE_VOID) continue;
    inv.balance[p] = (inv.total[p] as number) - (paid[p] as number);
    inv.status[p] = inv.balance[p] === 0 ? INVOICE_PAID : INVOICE_OPEN;
  }
  const count = ms.length;
  const order = Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => (ms[a] as number) - (ms[b] as number) || a - b,
  );
  return {
    count,
    customerId: Int32Array.from(customerId),
    ms: Float64Array.from(ms),
    amount: Int32Array.from(amount),
    method: Uint8Array.from(method),
    failed: Uint8Array.from(failed),
    allocStart: Int32Array.from(allocStart),
    allocInvoiceId: Int32Array.from(allocInvoiceId),
    allocAmount: Int32Array.from(allocAmount),
    planAt: Int32Array.from(order),
  };
}

export function paymentsOf(ctx: SeedContext): PaymentPlan {
  return shared(ctx, "payments", () => planPayments(ctx));
}

export function* paymentRows(ctx: SeedContext): Generator<RowOf<typeof payments>> {
  const plan = paymentsOf(ctx);
  const rng = Rng.for(ctx.scale, "payment-references");
  for (let id = 1; id <= plan.count; id++) {
    const i = plan.planAt[id - 1] as number;
    const method = METHODS[plan.method[i] as number] as Method;
    const at = iso(plan.ms[i] as number);
    yield {
      id,
      customerId: plan.customerId[i] as number,
      receivedAt: at,
      amountCents: plan.amount[i] as number,
      method,
      status: plan.failed[i] ? "failed" : "succeeded",
      reference:
        method === "cheque"
          ? `Chèque ${rng.int(100, 9999)}`
          : method === "interac"
            ? `INTERAC ${rng.textId(10).toUpperCase()}`
            : method === "preauthorized"
              ? `DPA ${at.slice(0, 7)}`
              : method === "other"
                ? "Virement bancaire"
                : null,
      stripePaymentIntentId: method === "card" ? `pi_${rng.textId(24)}` : null,
      createdAt: at,
    };
  }
}

export function* paymentAllocationRows(ctx: SeedContext): Generator<RowOf<typeof paymentAllocations>> {
  const plan = paymentsOf(ctx);
  let id = 0;
  for (let pid = 1; pid <= plan.count; pid++) {
    const i = plan.planAt[pid - 1] as number;
    for (let a = plan.allocStart[i] as number; a < (plan.allocStart[i + 1] as number); a++) {
      yield {
        id: ++id,
        paymentId: pid,
        invoiceId: plan.allocInvoiceId[a] as number,
        amountCents: plan.allocAmount[a] as number,
      };
    }
  }
}
