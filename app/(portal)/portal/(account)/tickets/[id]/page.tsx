import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { PortalReplyForm } from "@/components/portal/ticket-forms";
import { MessageAttachments } from "@/components/tickets/message-attachments";
import { MAX_RECORD_ID } from "@/lib/schemas/ids";
import { callerFor, orNotFound, requireCustomerPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

/** One of the customer's requests: public messages only (never internal notes) with their photos and files, and a reply form. */
export default async function PortalTicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requireCustomerPage();
  const ticketId = Number(id);
  if (!Number.isSafeInteger(ticketId) || ticketId <= 0 || ticketId > MAX_RECORD_ID) notFound();
  const { ticket, messages } = await orNotFound(callerFor(ctx).portalTickets.get({ ticketId }));
  const [t, locale] = [await getTranslations(), await getLocale()];
  return (
    <div className="space-y-4" data-testid="portal-ticket">
      <Link href="/portal/tickets" className="text-sm text-sky-800 hover:underline">
        ← {t("portalTickets.back")}
      </Link>
      <h1 className="text-2xl font-semibold">
        #{ticket.id} {ticket.subject}
      </h1>
      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
        <Badge value={ticket.status} label={t(`status.${ticket.status}`)} />
        <span>{t(`ticketType.${ticket.type}`)}</span>
      </p>
      <ol className="space-y-3" data-testid="portal-thread">
        {messages.map((m) => (
          <li
            key={m.id}
            className={`rounded-lg border p-3 text-sm ${
              m.authorKind === "customer" ? "border-slate-200 bg-white" : "border-sky-200 bg-sky-50"
            }`}
          >
            <p className="mb-1 text-xs text-slate-600">
              <span className="font-medium text-slate-800">
                {m.authorKind === "customer" ? t("portalTickets.you") : `${m.authorName} · ${t("portalTickets.staff")}`}
              </span>{" "}
              <time dateTime={m.createdAt.toISOString()}>{formatDateTime(m.createdAt, locale)}</time>
            </p>
            <p className="whitespace-pre-wrap break-words">{m.body}</p>
            <MessageAttachments attachments={m.attachments} locale={locale} t={t} />
          </li>
        ))}
      </ol>
      <PortalReplyForm ticketId={ticket.id} closed={ticket.status === "closed" || ticket.status === "resolved"} />
    </div>
  );
}
