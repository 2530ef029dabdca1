import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { OpenTicketForm } from "@/components/portal/ticket-forms";
import { callerFor, requireCustomerPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

/** The customer's own requests (tickets), newest activity first, and a form to open one. */
export default async function PortalTicketsPage() {
  const ctx = await requireCustomerPage();
  const tickets = await callerFor(ctx).portalTickets.list();
  const [t, locale] = [await getTranslations(), await getLocale()];
  return (
    <div className="space-y-4" data-testid="portal-tickets">
      <h1 className="text-2xl font-semibold">{t("portalTickets.title")}</h1>
      <p className="text-sm text-slate-600">{t("portalTickets.intro")}</p>
      {tickets.length === 0 ? (
        <p className="text-slate-600">{t("portalTickets.empty")}</p>
      ) : (
        <ul
          className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white"
          data-testid="portal-ticket-list"
        >
          {tickets.map((k) => (
            <li key={k.id} className="p-3">
              <Link className="font-medium text-sky-800 hover:underline" href={`/portal/tickets/${k.id}`}>
                #{k.id} {k.subject}
              </Link>
              <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
                <Badge value={k.status} label={t(`status.${k.status}`)} />
                <span>{t(`ticketType.${k.type}`)}</span>
                <span>· {t("portalTickets.messages", { count: k.messageCount })}</span>
                <span>
                  · {t("portalTickets.updated", { at: formatDateTime(k.lastMessageAt ?? k.updatedAt, locale) })}
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
      <OpenTicketForm />
    </div>
  );
}
