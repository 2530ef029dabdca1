import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { Empty, Section, Table } from "@/components/ui/section";
import type { FormAction, ResolveMessageState } from "@/lib/schemas/actions";
import type { UndecidedMessage } from "@/lib/schemas/payments";
import { ResolveMessageForm } from "./resolve-message-form";

const TEMPLATES = new Set(["invoice", "dunning_reminder", "suspension_notice", "on_my_way", "visit_reminder"]);

/**
 * Emails and texts the provider may or may not have taken (a timeout, a lost answer, a crash
 * mid-send). They are never sent again by themselves: a person checks and decides here.
 */
export async function UndecidedMessages({
  messages,
  locale,
  resolve,
}: {
  messages: UndecidedMessage[];
  locale: string;
  /** null when the person may only read. */
  resolve: FormAction<ResolveMessageState> | null;
}) {
  const t = await getTranslations("dunning");
  return (
    <Section title={t("undecided.title")} aside={String(messages.length)} testId="undecided-messages">
      <p className="px-4 py-3 text-sm text-slate-600">{t("undecided.explain")}</p>
      {messages.length === 0 ? (
        <Empty>{t("undecided.none")}</Empty>
      ) : (
        <Table head={[t("when"), t("customer"), t("what"), t("channel"), t("status"), ""]}>
          {messages.map((m) => (
            <tr key={m.id}>
              <td>{formatDateTime(m.updatedAt, locale)}</td>
              <td>
                {m.customerId ? (
                  <Link className="text-sky-800 hover:underline" href={`/office/customers/${m.customerId}`}>
                    {m.customerName}
                  </Link>
                ) : (
                  "—"
                )}
                <span className="ml-1 text-xs text-slate-500">{m.recipient}</span>
              </td>
              <td>
                {t(`undecided.template.${TEMPLATES.has(m.template) ? m.template : "other"}`)}
                {m.invoiceId ? (
                  <Link className="ml-1 text-xs text-sky-700 hover:underline" href={`/office/invoices/${m.invoiceId}`}>
                    #{m.invoiceId}
                  </Link>
                ) : null}
              </td>
              <td>{t(`channelName.${m.channel}`)}</td>
              <td>
                <Badge value="pending" label={t(`undecided.status.${m.status}`)} />
                {m.error ? <span className="ml-1 text-xs text-slate-600">{m.error}</span> : null}
                {m.providerMessageId ? (
                  <span className="ml-1 font-mono text-xs text-slate-500">{m.providerMessageId}</span>
                ) : null}
              </td>
              <td>{resolve ? <ResolveMessageForm id={m.id} resolve={resolve} /> : null}</td>
            </tr>
          ))}
        </Table>
      )}
    </Section>
  );
}
