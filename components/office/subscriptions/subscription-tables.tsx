import { Empty, Section, Table } from "@/components/ui/section";
import { formatDate, formatDateTime, formatMoney } from "@/components/ui/format";

type T = (key: string, values?: Record<string, string | number>) => string;

interface HistoryRow {
  id: number;
  kind: string;
  effectiveDate: string;
  details: Record<string, unknown>;
  invoiceNumber: string | null;
  createdAt: Date;
}
interface LineRow {
  id: number;
  kind: string;
  description: string;
  periodStart: string | null;
  periodEnd: string | null;
  amountCents: number;
  invoiceNumber: string;
  invoiceKind: string;
  issueDate: string;
}

/** Change history, newest first, with the document each change issued. */
export function SubscriptionHistory({ history, locale, t }: { history: HistoryRow[]; locale: string; t: T }) {
  return (
    <Section title={t("subscriptions.history")} testId="subscription-history">
      {history.length === 0 ? (
        <Empty>{t("subscriptions.historyEmpty")}</Empty>
      ) : (
        <Table
          head={[
            t("subscriptions.effective"),
            t("subscriptions.change"),
            t("subscriptions.document"),
            t("subscriptions.recordedAt"),
          ]}
        >
          {history.map((h) => (
            <tr key={h.id}>
              <td>{formatDate(h.effectiveDate, locale)}</td>
              <td>
                {t(`subscriptions.changeKind.${h.kind}`)}
                {typeof h.details.mode === "string" && (
                  <span className="text-slate-500"> — {t(`subscriptionChange.mode_${h.details.mode}`)}</span>
                )}
              </td>
              <td className="font-mono text-xs">{h.invoiceNumber ?? "—"}</td>
              <td className="text-slate-600">{formatDateTime(h.createdAt, locale)}</td>
            </tr>
          ))}
        </Table>
      )}
    </Section>
  );
}

/** The subscription's invoice lines, newest invoice first. Period ends are stored as the last day included. */
export function SubscriptionLines({ lines, locale, t }: { lines: LineRow[]; locale: string; t: T }) {
  return (
    <Section title={t("subscriptions.lines")} testId="subscription-lines">
      {lines.length === 0 ? (
        <Empty>{t("subscriptions.linesEmpty")}</Empty>
      ) : (
        <Table
          head={[
            t("subscriptions.issued"),
            t("subscriptions.document"),
            t("subscriptions.description"),
            t("subscriptions.days"),
            t("subscriptions.amount"),
          ]}
        >
          {lines.map((l) => (
            <tr key={l.id}>
              <td>{formatDate(l.issueDate, locale)}</td>
              <td className="font-mono text-xs">
                {l.invoiceNumber}{" "}
                <span className="font-sans text-slate-500">{t(`subscriptions.documentKind.${l.invoiceKind}`)}</span>
              </td>
              <td>
                <span className="mr-1 text-xs text-slate-500">{t(`subscriptions.lineKind.${l.kind}`)}</span>
                {l.description}
              </td>
              <td className="whitespace-nowrap">
                {formatDate(l.periodStart, locale)} – {formatDate(l.periodEnd, locale)}
              </td>
              <td className="text-right tabular-nums">{formatMoney(l.amountCents, locale)}</td>
            </tr>
          ))}
        </Table>
      )}
    </Section>
  );
}
