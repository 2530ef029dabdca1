import type { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Empty, Section, Table } from "@/components/ui/section";
import { formatDate, formatDateTime, formatMoney } from "@/components/ui/format";
import { InvoiceTotals } from "@/components/ui/invoice-totals";
import type { InvoiceDetail } from "@/lib/schemas/invoices";

type T = Awaited<ReturnType<typeof getTranslations>>;

/** Lines, then the taxes computed once on the subtotal, then what was paid and what is left. */
export function InvoiceLinesSection({ detail, locale, t }: { detail: InvoiceDetail; locale: string; t: T }) {
  const { invoice, lines, paidCents } = detail;
  const money = (cents: number) => formatMoney(cents, locale);
  return (
    <Section title={t("invoices.lines")} testId="invoice-lines">
      {lines.length === 0 ? (
        <Empty>{t("invoices.noLines")}</Empty>
      ) : (
        <Table
          head={[t("invoices.description"), t("invoices.quantity"), t("invoices.unitPrice"), t("invoices.amount")]}
        >
          {lines.map((l) => (
            <tr key={l.id}>
              <td>{l.description}</td>
              <td className="tabular-nums">{l.quantity}</td>
              <td className="tabular-nums">{money(l.unitPriceCents)}</td>
              <td className="tabular-nums">{money(l.amountCents)}</td>
            </tr>
          ))}
        </Table>
      )}
      <InvoiceTotals
        amounts={{ ...invoice, paidCents }}
        locale={locale}
        testId="invoice-totals"
        labels={{
          subtotal: t("invoices.subtotal"),
          gst: t("invoices.gst"),
          qst: t("invoices.qst"),
          total: t("invoices.total"),
          paid: t("invoices.paid"),
          balance: t("invoices.balance"),
        }}
      />
    </Section>
  );
}

export function InvoicePaymentsSection({ detail, locale, t }: { detail: InvoiceDetail; locale: string; t: T }) {
  const { allocations, refunds } = detail;
  const money = (cents: number) => formatMoney(cents, locale);
  return (
    <Section title={t("invoices.payments")} testId="invoice-payments">
      {allocations.length === 0 ? (
        <Empty>{t("invoices.noPayments")}</Empty>
      ) : (
        <Table
          head={[
            t("invoices.received"),
            t("invoices.method"),
            t("invoices.reference"),
            t("invoices.paymentTotal"),
            t("invoices.allocated"),
            t("invoices.status"),
          ]}
        >
          {allocations.map((a) => (
            <tr key={a.id}>
              <td>{formatDateTime(a.payment.receivedAt, locale)}</td>
              <td>{t(`paymentMethod.${a.payment.method}`)}</td>
              <td className="font-mono text-xs">{a.payment.reference ?? "—"}</td>
              <td className="tabular-nums">{money(a.payment.amountCents)}</td>
              <td className="tabular-nums">{money(a.amountCents)}</td>
              <td>
                <Badge value={a.payment.status} label={t(`status.${a.payment.status}`)} />
              </td>
            </tr>
          ))}
        </Table>
      )}
      {refunds.length > 0 && (
        <>
          <h3 className="border-t border-slate-100 px-4 pt-2 text-sm font-medium">{t("invoices.refunds")}</h3>
          <Table head={[t("invoices.refunds"), t("invoices.amount"), t("invoices.sentAt"), t("invoices.status")]}>
            {refunds.map((r) => (
              <tr key={r.id}>
                <td>
                  {t("invoices.refundOf", { id: r.paymentId })}
                  {r.reason ? ` — ${r.reason}` : ""}
                </td>
                <td className="tabular-nums">{money(r.amountCents)}</td>
                <td>{formatDate(r.createdAt, locale)}</td>
                <td>
                  <Badge value={r.status} label={t(`status.${r.status}`)} />
                </td>
              </tr>
            ))}
          </Table>
        </>
      )}
    </Section>
  );
}

const MESSAGE_TONE: Record<string, string> = {
  sent: "succeeded",
  delivered: "succeeded",
  pending: "pending",
  failed: "failed",
  undelivered: "failed",
  unknown: "pending",
};

export function InvoiceMessagesSection({ detail, locale, t }: { detail: InvoiceDetail; locale: string; t: T }) {
  return (
    <Section title={t("invoices.messages")} testId="invoice-messages">
      {detail.messages.length === 0 ? (
        <Empty>{t("invoices.noMessages")}</Empty>
      ) : (
        <Table
          head={[
            t("invoices.channel"),
            t("invoices.recipient"),
            t("invoices.sentAt"),
            t("invoices.messageStatus"),
            t("invoices.attempts"),
            t("invoices.error"),
          ]}
        >
          {detail.messages.map((m) => (
            <tr key={m.id}>
              <td>{t(`invoices.channelNames.${m.channel}`)}</td>
              <td>{m.recipient || "—"}</td>
              <td>{formatDateTime(m.sentAt ?? m.createdAt, locale)}</td>
              <td>
                <Badge
                  value={MESSAGE_TONE[m.status] ?? m.status}
                  label={t(`invoices.messageStatusNames.${m.status}`)}
                />
              </td>
              <td className="tabular-nums">{m.attempts}</td>
              <td className="max-w-xs text-xs text-rose-800">{m.error ?? ""}</td>
            </tr>
          ))}
        </Table>
      )}
    </Section>
  );
}
