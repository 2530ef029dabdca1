import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { Empty, Section, Table } from "@/components/ui/section";
import type { DunningActivity as Activity } from "@/lib/schemas/payments";

/** The latest reminders and suspension notices, from the outbound ledger (each sent once). */
export async function AgingDunningActivity({
  activity,
  locale,
  runButton,
}: {
  activity: Activity;
  locale: string;
  runButton: React.ReactNode;
}) {
  const t = await getTranslations("dunning");
  return (
    <Section
      title={t("title")}
      aside={t("suspendedCustomers", { count: activity.customersSuspendedForDunning })}
      testId="dunning-section"
    >
      <div className="space-y-2 px-4 py-3 text-sm text-slate-600">
        <p>{t("explain")}</p>
        {runButton}
      </div>
      {activity.messages.length === 0 ? (
        <Empty>{t("noMessages")}</Empty>
      ) : (
        <Table head={[t("when"), t("customer"), t("what"), t("channel"), t("status")]}>
          {activity.messages.map((m) => (
            <tr key={m.id}>
              <td>{formatDateTime(m.createdAt, locale)}</td>
              <td>
                {m.customerId ? (
                  <Link className="text-sky-800 hover:underline" href={`/office/customers/${m.customerId}`}>
                    {m.customerName}
                  </Link>
                ) : (
                  "—"
                )}
              </td>
              <td>
                {t(`template.${m.template === "suspension_notice" ? "suspension" : "reminder"}`)}
                {m.invoiceId ? (
                  <Link className="ml-1 text-xs text-sky-700 hover:underline" href={`/office/invoices/${m.invoiceId}`}>
                    #{m.invoiceId}
                  </Link>
                ) : null}
              </td>
              <td>{t(`channelName.${m.channel}`)}</td>
              <td>
                <Badge
                  value={m.status === "sent" || m.status === "delivered" ? "succeeded" : m.status}
                  label={t(`messageStatus.${m.status}`)}
                />
                {m.error ? <span className="ml-1 text-xs text-rose-700">{m.error}</span> : null}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Section>
  );
}
