"use client";
import { useFormatter, useTranslations } from "next-intl";
import type { TechJob } from "@/lib/schemas/tech";
import { TimeWindow } from "./day-list";
import { Section } from "./section";
import { StatusChip } from "./status-chip";

/** Who, where, how to get in, what is there and what happened before. */
export function JobInfo({ job, pendingCount }: { job: TechJob; pendingCount: number }) {
  const t = useTranslations("techApp");
  const format = useFormatter();
  return (
    <>
      <header className="space-y-1 px-1">
        <div className="flex items-center justify-between gap-2">
          <span className="text-sm text-slate-600">
            <TimeWindow job={job} />
          </span>
          <StatusChip status={job.status} />
        </div>
        <h1 className="text-xl font-semibold">{job.title}</h1>
        <p className="text-sm text-slate-600">
          {t("jobNumber", { id: job.id })} · {t(`kinds.${kindKey(job.kind)}`)}
        </p>
        {pendingCount > 0 && (
          <p className="text-sm font-medium text-amber-700" data-testid="job-pending">
            {t("jobPending", { count: pendingCount })}
          </p>
        )}
      </header>

      <Section id="customer" title={t("customer")}>
        {job.customer ? (
          <div className="space-y-1">
            <p className="font-medium" data-testid="customer-name">
              {job.customer.name}
            </p>
            <p className="text-sm text-slate-600">{t("speaks", { language: job.customer.language })}</p>
            {job.customer.phone && (
              <a
                href={`tel:${job.customer.phone}`}
                className="inline-flex min-h-11 items-center font-medium text-sky-800 underline"
              >
                {t("call", { phone: job.customer.phone })}
              </a>
            )}
          </div>
        ) : (
          <p className="text-slate-600">{t("noCustomer")}</p>
        )}
        <p className="pt-1" data-testid="job-address">
          {job.address}
        </p>
        <a
          href={job.navigationUrl}
          className="inline-flex min-h-12 w-full items-center justify-center rounded-lg bg-slate-800 px-4 font-semibold text-white"
          data-testid="navigate"
        >
          {t("navigate")}
        </a>
        {job.accessNotes && (
          <div className="rounded-lg bg-amber-50 px-3 py-2 text-amber-950">
            <p className="text-sm font-semibold">{t("accessNotes")}</p>
            <p className="whitespace-pre-line">{job.accessNotes}</p>
          </div>
        )}
        {job.notes && (
          <div>
            <p className="text-sm font-semibold text-slate-700">{t("notes")}</p>
            <p className="whitespace-pre-line text-slate-800">{job.notes}</p>
          </div>
        )}
      </Section>

      <Section id="tickets" title={t("tickets")}>
        {job.tickets.length === 0 && <p className="text-slate-600">{t("noTickets")}</p>}
        <ul className="divide-y divide-slate-100">
          {job.tickets.map((ticket) => (
            <li key={ticket.id} className="py-2">
              <p className="font-medium">{ticket.subject}</p>
              <p className="text-xs text-slate-500">
                #{ticket.id} · {t(`ticketStatus.${ticketStatusKey(ticket.status)}`)} ·{" "}
                {format.dateTime(new Date(ticket.createdAt), { dateStyle: "medium" })}
              </p>
              {ticket.lastMessage && <p className="mt-1 line-clamp-3 text-sm text-slate-700">{ticket.lastMessage}</p>}
            </li>
          ))}
        </ul>
      </Section>
    </>
  );
}

const KINDS = ["install", "repair", "removal", "move", "maintenance", "survey"] as const;
function kindKey(kind: string): string {
  return (KINDS as readonly string[]).includes(kind) ? kind : "other";
}

const TICKET_STATUSES = ["open", "in_progress", "waiting", "resolved", "closed"] as const;
function ticketStatusKey(status: string): string {
  return (TICKET_STATUSES as readonly string[]).includes(status) ? status : "other";
}
