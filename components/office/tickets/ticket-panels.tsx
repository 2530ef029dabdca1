import Link from "next/link";
import type { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDateTime, formatMoney, formatTime } from "@/components/ui/format";
import type { TicketWorkspace, ThreadMessage } from "@/lib/schemas/ticket-desk";
import { parseJobNote } from "@/lib/domain/ticket-desk/ticket-job";
import { MessageAttachments } from "@/components/tickets/message-attachments";
import { InstallVerdict } from "./install-verdict";

type T = Awaited<ReturnType<typeof getTranslations>>;

/** The thread, oldest first: public replies white, internal notes amber with a label, each with channel, author and time. */
export function TicketThread({ messages, locale, t }: { messages: ThreadMessage[]; locale: string; t: T }) {
  if (messages.length === 0) return <p className="text-slate-600">{t("ticketDesk.threadEmpty")}</p>;
  return (
    <ol className="space-y-3" aria-label={t("ticketDesk.thread")} data-testid="ticket-thread">
      {messages.map((m) => (
        <li
          key={m.id}
          data-testid={m.internal ? "thread-note" : "thread-message"}
          className={`rounded-lg border p-3 text-sm ${
            m.internal
              ? "border-dashed border-amber-300 bg-amber-50"
              : m.authorKind === "customer"
                ? "border-slate-200 bg-white"
                : "border-sky-200 bg-sky-50"
          }`}
        >
          <p className="mb-1 flex flex-wrap items-center gap-x-2 text-xs text-slate-600">
            {m.internal && (
              <span className="rounded bg-amber-200 px-1.5 font-semibold uppercase text-amber-900">
                {t("ticketDesk.internalNote")}
              </span>
            )}
            <span className="font-medium text-slate-800">
              {m.authorKind === "system" && jobNote(m) ? t("ticketDesk.job.note.author") : m.authorName}
            </span>
            <span>({t(`ticketDesk.author.${m.authorKind}`)})</span>
            {!m.internal && <span>{t("ticketDesk.via", { channel: t(`ticketDesk.channel.${m.channel}`) })}</span>}
            <time dateTime={m.createdAt.toISOString()}>{formatDateTime(m.createdAt, locale)}</time>
            {m.delivery && (
              <span data-testid="thread-delivery">
                ·{" "}
                {t("ticketDesk.delivery", {
                  status: t(`ticketDesk.deliveryStatus.${m.delivery.status}`),
                  recipient: m.delivery.recipient,
                })}
              </span>
            )}
          </p>
          <MessageBody message={m} t={t} />
          <MessageAttachments attachments={m.attachments} locale={locale} t={t} />
        </li>
      ))}
    </ol>
  );
}

/** A system note from a dispatch job reads in the viewer's language; any other message as written. */
const jobNote = (m: ThreadMessage) => (m.authorKind === "system" ? parseJobNote(m.body) : null);

function MessageBody({ message, t }: { message: ThreadMessage; t: T }) {
  const note = jobNote(message);
  if (!note) return <p className="whitespace-pre-wrap break-words">{message.body}</p>;
  const job = (
    <Link href={`/office/jobs/${note.jobId}`} className="text-sky-800 underline">
      {t(`ticketDesk.job.note.${note.event}`, { job: note.jobId, title: note.summary ?? "" })}
    </Link>
  );
  return (
    <div data-testid="thread-job-note" className="space-y-1">
      <p>{job}</p>
      {note.event === "done" && note.summary && (
        <p className="whitespace-pre-wrap break-words">{t("ticketDesk.job.note.summary", { summary: note.summary })}</p>
      )}
    </div>
  );
}

const box = "rounded-lg border border-slate-200 bg-white p-3 text-sm space-y-2";

export function CustomerPanel({ data, locale, t }: { data: TicketWorkspace; locale: string; t: T }) {
  const c = data.customer;
  if (!c)
    return (
      <section className={box}>
        <h2 className="font-semibold">{t("ticketDesk.panel.customer")}</h2>
        <p className="text-slate-600">{t("ticketDesk.panel.noCustomer")}</p>
      </section>
    );
  return (
    <section className={box} aria-labelledby="ticket-customer-title" data-testid="ticket-customer">
      <h2 id="ticket-customer-title" className="font-semibold">
        {t("ticketDesk.panel.customer")}:{" "}
        <Link className="text-sky-800 hover:underline" href={`/office/customers/${c.id}`}>
          {c.displayName}
        </Link>
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
        <dt className="text-slate-500">{t("ticketDesk.panel.contacts")}</dt>
        <dd className="break-all">{[c.email, c.mobile, c.phone].filter(Boolean).join(" · ") || "—"}</dd>
        <dt className="text-slate-500">{t("ticketDesk.panel.balance")}</dt>
        <dd>
          <span className={c.balanceCents > 0 ? "font-medium text-rose-800" : ""}>
            {formatMoney(c.balanceCents, locale)}
          </span>
          {c.overdueCents > 0 && (
            <span className="text-rose-700">
              {" "}
              ({t("ticketDesk.panel.overdue", { amount: formatMoney(c.overdueCents, locale) })})
            </span>
          )}
        </dd>
        <dt className="text-slate-500">{t("ticketDesk.panel.nextVisit")}</dt>
        <dd>
          {c.nextVisit
            ? `${formatDateTime(c.nextVisit.start, locale)} – ${formatTime(c.nextVisit.end, locale)} · ${c.nextVisit.title}`
            : t("ticketDesk.panel.noVisit")}
        </dd>
        <dt className="text-slate-500">{t("ticketDesk.panel.location")}</dt>
        <dd>
          {c.location ? (
            <>
              {c.location.address}, {c.location.city} {c.location.postalCode}{" "}
              <Badge value={c.location.status} label={t(`status.${c.location.status}` as never)} />
            </>
          ) : (
            "—"
          )}
        </dd>
      </dl>
      <p className="text-slate-600">
        {t("ticketDesk.panel.openTickets", { count: c.openTickets })} ·{" "}
        {t("ticketDesk.panel.language", { language: c.language.toUpperCase() })}
      </p>
      <h3 className="font-medium">{t("ticketDesk.panel.services")}</h3>
      {c.services.length === 0 ? (
        <p className="text-slate-600">{t("ticketDesk.panel.noServices")}</p>
      ) : (
        <ul className="list-disc pl-5">
          {c.services.map((s) => (
            <li key={s.id}>
              {locale === "en" ? s.nameEn : s.name} <Badge value={s.status} label={t(`status.${s.status}` as never)} />
            </li>
          ))}
        </ul>
      )}
      <h3 className="font-medium">{t("ticketDesk.panel.equipment")}</h3>
      {c.equipment.length === 0 ? (
        <p className="text-slate-600">{t("ticketDesk.panel.noEquipment")}</p>
      ) : (
        <ul className="list-disc pl-5">
          {c.equipment.map((e) => (
            <li key={e.id} data-testid="ticket-equipment">
              {e.kind} {e.model ?? ""} <span className="font-mono text-xs">{e.serial}</span>
              {e.installCheck && <InstallVerdict check={e.installCheck} locale={locale} t={t} />}
            </li>
          ))}
        </ul>
      )}
      <Link className="inline-block text-sky-800 hover:underline" href={`/office/customers/${c.id}`}>
        {t("ticketDesk.panel.open360")} →
      </Link>
    </section>
  );
}

export function FamilyPanel({ data, t }: { data: TicketWorkspace; t: T }) {
  const row = (k: { id: number; subject: string; status: string }) => (
    <li key={k.id}>
      <Link className="text-sky-800 hover:underline" href={`/office/tickets/${k.id}`}>
        #{k.id} {k.subject}
      </Link>{" "}
      <Badge value={k.status} label={t(`status.${k.status}` as never)} />
    </li>
  );
  return (
    <section className={box} data-testid="ticket-family">
      <h2 className="font-semibold">{t("ticketDesk.family.parent")}</h2>
      {data.parent ? <ul>{row(data.parent)}</ul> : <p className="text-slate-600">{t("ticketDesk.family.noParent")}</p>}
      <h2 className="font-semibold">{t("ticketDesk.family.children")}</h2>
      {data.children.length ? (
        <ul className="space-y-0.5">{data.children.map(row)}</ul>
      ) : (
        <p className="text-slate-600">{t("ticketDesk.family.noChildren")}</p>
      )}
    </section>
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export function ActivityPanel({ data, locale, t }: { data: TicketWorkspace; locale: string; t: T }) {
  return (
    <section className={box} aria-labelledby="ticket-activity-title">
      <h2 id="ticket-activity-title" className="font-semibold">
        {t("ticketDesk.activity.title")}
      </h2>
      {data.activity.length === 0 ? (
        <p className="text-slate-600">{t("ticketDesk.activity.empty")}</p>
      ) : (
        <ol className="space-y-1" data-testid="ticket-activity">
          {data.activity.map((a) => (
            <li key={a.id}>
              <span className="text-xs text-slate-500">{formatDateTime(a.at, locale)}</span>{" "}
              <span className="font-medium">{a.actorName ?? t("ticketDesk.activity.system")}</span>{" "}
              <span className="font-mono text-xs">{a.action}</span>
              {Object.entries(a.changes)
                .filter(([field]) => field !== "message")
                .map(([field, change]) => (
                  <span key={field} className="block pl-2 text-xs text-slate-600">
                    {field}: {show(change.from)} → {show(change.to)}
                  </span>
                ))}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
