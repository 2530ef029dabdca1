import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { PaymentForm } from "@/components/office/payments/payment-form";
import { BalanceSummary } from "@/components/office/payments/balance-summary";
import { Badge } from "@/components/ui/badge";
import { Empty, Section, Table } from "@/components/ui/section";
import { formatDate, formatDateTime, formatMoney } from "@/components/ui/format";
import { callerFor, orNotFound, requireStaffPage } from "@/server/web/page-access";
import { can } from "@/lib/domain/capabilities";
import { allocatePaymentAction } from "../actions";

export const dynamic = "force-dynamic";

export default async function PaymentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ recorded?: string; allocated?: string }>;
}) {
  const { id } = await params;
  const flags = await searchParams;
  const ctx = await requireStaffPage("billing.read", `/office/payments/${id}`);
  const paymentId = Number(id);
  if (!Number.isSafeInteger(paymentId) || paymentId <= 0) notFound();
  const caller = callerFor(ctx);
  const payment = await orNotFound(caller.payments.get({ id: paymentId }));
  const [t, locale] = [await getTranslations("payments"), await getLocale()];
  const canAllocate = can(ctx.staff.role, "payments.write") && payment.unallocatedCents > 0;
  const [balance, open] = await Promise.all([
    caller.payments.customerBalance({ customerId: payment.customerId }),
    canAllocate
      ? caller.payments.suggestAllocation({ customerId: payment.customerId, amountCents: payment.unallocatedCents })
      : null,
  ]);

  return (
    <section className="space-y-4">
      <Link href="/office/payments" className="text-sm text-sky-700 hover:underline">
        ← {t("title")}
      </Link>
      <h1 className="text-2xl font-semibold">{t("detailTitle", { id: payment.id })}</h1>
      {(flags.recorded || flags.allocated) && (
        <p role="status" className="rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
          {flags.recorded ? t("recorded") : t("allocated")}
        </p>
      )}
      <dl
        className="grid gap-x-6 gap-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-3"
        data-testid="payment-facts"
      >
        <div>
          <dt className="text-slate-500">{t("customer")}</dt>
          <dd>
            <Link className="text-sky-800 hover:underline" href={`/office/customers/${payment.customerId}`}>
              {payment.customerName}
            </Link>
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("amount")}</dt>
          <dd className="tabular-nums">{formatMoney(payment.amountCents, locale)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("status")}</dt>
          <dd>
            <Badge value={payment.status} label={t(`paymentStatus.${payment.status}`)} />
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("methodLabel")}</dt>
          <dd>{t(`method.${payment.method}`)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("receivedOn")}</dt>
          <dd>{formatDate(payment.receivedAt, locale)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("reference")}</dt>
          <dd>{payment.reference ?? "—"}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("allocatedTotal")}</dt>
          <dd className="tabular-nums">{formatMoney(payment.allocatedCents, locale)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{t("unallocated")}</dt>
          <dd className="tabular-nums" data-testid="payment-unallocated">
            {formatMoney(payment.unallocatedCents, locale)}
          </dd>
        </div>
        {payment.refundedCents > 0 && (
          <div>
            <dt className="text-slate-500">{t("refunded")}</dt>
            <dd className="tabular-nums">{formatMoney(payment.refundedCents, locale)}</dd>
          </div>
        )}
        <div className="sm:col-span-3">
          <dt className="text-slate-500">{t("notes")}</dt>
          <dd>{payment.notes ?? "—"}</dd>
        </div>
        <div className="sm:col-span-3 text-xs text-slate-500">
          {t("enteredAt", { at: formatDateTime(payment.createdAt, locale) })}
        </div>
      </dl>

      <Section title={t("allocationsTitle")}>
        {payment.allocations.length === 0 ? (
          <Empty>{t("noAllocations")}</Empty>
        ) : (
          <Table head={[t("invoice"), t("dueDate"), t("allocatedAmount"), t("invoiceBalance")]}>
            {payment.allocations.map((a) => (
              <tr key={a.invoiceId}>
                <td>
                  <Link
                    className="font-mono text-xs text-sky-800 hover:underline"
                    href={`/office/invoices/${a.invoiceId}`}
                  >
                    {a.invoiceNumber}
                  </Link>
                </td>
                <td>{formatDate(a.dueDate, locale)}</td>
                <td className="tabular-nums">{formatMoney(a.amountCents, locale)}</td>
                <td className="tabular-nums">
                  {formatMoney(a.invoiceBalanceCents, locale)}{" "}
                  <Badge value={a.invoiceStatus} label={t(`invoiceStatus.${a.invoiceStatus}`)} />
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <BalanceSummary balance={balance} locale={locale} />

      {open && (
        <Section title={t("allocateTitle", { amount: formatMoney(payment.unallocatedCents, locale) })}>
          <div className="p-4">
            <PaymentForm
              mode="allocate"
              submit={allocatePaymentAction}
              locale={locale}
              customerId={payment.customerId}
              paymentId={payment.id}
              availableCents={payment.unallocatedCents}
              invoices={open.invoices}
            />
          </div>
        </Section>
      )}
    </section>
  );
}
