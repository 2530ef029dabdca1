import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { ActivityPanel, CustomerPanel, FamilyPanel, TicketThread } from "@/components/office/tickets/ticket-panels";
import { TicketDesk } from "@/components/office/tickets/ticket-desk";
import { TicketJobForm } from "@/components/office/tickets/ticket-job-form";
import { can } from "@/lib/domain/capabilities";
import { jobDraftFromTicket } from "@/lib/domain/ticket-desk/ticket-job";
import { MAX_RECORD_ID } from "@/lib/schemas/ids";
import { callerFor, orNotFound, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

/**
 * The ticket workspace: thread, composer, customer panel, parent and children, assignment,
 * status and activity. Keyboard: r reply, n note, a assign, c close, ? the list (components/office/tickets/ticket-desk.tsx).
 * A staff reply to a closed ticket is refused until it is reopened; a customer's reply reopens it.
 */
export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requireStaffPage("tickets.read", `/office/tickets/${id}`);
  const ticketId = Number(id);
  if (!Number.isSafeInteger(ticketId) || ticketId <= 0 || ticketId > MAX_RECORD_ID) notFound();
  const caller = callerFor(ctx);
  const [data, canned] = await Promise.all([
    orNotFound(caller.tickets.workspace({ ticketId })),
    caller.tickets.cannedReplies(),
  ]);
  const [locale, t] = [await getLocale(), await getTranslations()];
  const { ticket } = data;

  return (
    <section className="space-y-4" data-testid="ticket-page">
      <Link href="/office/tickets" className="text-sm text-sky-800 hover:underline">
        ← {t("ticketDesk.back")}
      </Link>
      <header className="space-y-1">
        <p className="font-mono text-sm text-slate-500">{t("ticketDesk.ticket", { id: ticket.id })}</p>
        <h1 className="flex flex-wrap items-center gap-2 text-2xl font-semibold" data-testid="ticket-subject">
          {ticket.important && (
            <span className="rounded bg-rose-100 px-2 py-0.5 text-sm font-medium text-rose-800">
              {t("ticketDesk.important")}
            </span>
          )}
          {ticket.subject}
        </h1>
        <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <Badge value={ticket.status} label={t(`status.${ticket.status}`)} />
          <span>{t(`ticketType.${ticket.type}`)}</span>
          <span>· {t("ticketDesk.created", { at: formatDateTime(ticket.createdAt, locale) })}</span>
          {ticket.assignedToName && <span>· {ticket.assignedToName}</span>}
          {ticket.assignedTeam && <span>· {t(`ticketDesk.assign.teams.${ticket.assignedTeam}`)}</span>}
        </p>
      </header>
      <TicketDesk
        ticket={{
          id: ticket.id,
          status: ticket.status,
          type: ticket.type,
          important: ticket.important,
          assignedToId: ticket.assignedToId,
          assignedTeam: ticket.assignedTeam,
          parentId: ticket.parentId,
          replyChannel: ticket.replyChannel,
          replyRecipient: ticket.replyRecipient,
        }}
        me={ctx.staff.userId}
        assignees={data.assignees.map((a) => ({ id: a.id, name: a.name }))}
        canned={canned.map((c) => ({ id: c.id, title: c.title }))}
        thread={<TicketThread messages={data.messages} locale={locale} t={t} />}
        side={
          <>
            <CustomerPanel data={data} locale={locale} t={t} />
            {can(ctx.staff.role, "board.edit") &&
              (ticket.locationId !== null ? (
                <TicketJobForm ticketId={ticket.id} draft={jobDraftFromTicket(ticket, new Date())} />
              ) : (
                <p className="rounded-lg border border-slate-200 bg-white p-3 text-sm text-slate-600">
                  {t("ticketDesk.job.noLocation")}
                </p>
              ))}
            <FamilyPanel data={data} t={t} />
            <ActivityPanel data={data} locale={locale} t={t} />
          </>
        }
      />
    </section>
  );
}
