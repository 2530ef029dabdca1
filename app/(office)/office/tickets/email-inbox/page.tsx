import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { can } from "@/lib/domain/capabilities";
import { callerFor, requireStaffPage } from "@/server/web/page-access";
import { fileUnmatchedEmailAction } from "./actions";

export const dynamic = "force-dynamic";

/**
 * Inbound emails the webhook could not file by itself (an address on no customer, or on
 * several): oldest first, as the SMS inbox. Never guessed onto a customer; the agent finds who
 * wrote, and the email's kept files go to the ticket with it.
 */
export default async function EmailInboxPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const ctx = await requireStaffPage("tickets.read", "/office/tickets/email-inbox");
  const { error } = await searchParams;
  const canFile = can(ctx.staff.role, "tickets.write");
  const [t, locale] = [await getTranslations("emailInbox"), await getLocale()];
  const entries = await callerFor(ctx).tickets.unmatchedEmails();
  const time = new Intl.DateTimeFormat(locale === "en" ? "en-CA" : "fr-CA", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "America/Toronto",
  });

  return (
    <section className="space-y-4" data-testid="email-inbox">
      <p className="text-sm">
        <Link href="/office/tickets" className="text-sky-800 hover:underline">
          ← {t("back")}
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("intro")}</p>
      {error && (
        <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {error}
        </p>
      )}
      {entries.length === 0 ? (
        <p className="text-slate-600">{t("empty")}</p>
      ) : (
        <ul className="space-y-3">
          {entries.map((entry) => (
            <li key={entry.id} className="rounded border border-slate-200 bg-white p-3 text-sm">
              <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[8rem_1fr]">
                <dt className="text-slate-500">{t("receivedAt")}</dt>
                <dd>
                  <time dateTime={new Date(entry.receivedAt).toISOString()}>
                    {time.format(new Date(entry.receivedAt))}
                  </time>
                </dd>
                <dt className="text-slate-500">{t("from")}</dt>
                <dd>
                  {entry.fromName && <span>{entry.fromName} </span>}
                  <a className="font-mono text-sky-800 hover:underline" href={`mailto:${entry.fromAddress}`}>
                    {entry.fromAddress}
                  </a>
                </dd>
                <dt className="text-slate-500">{t("subject")}</dt>
                <dd className="break-words">{entry.subject}</dd>
                <dt className="text-slate-500">{t("message")}</dt>
                <dd className="whitespace-pre-wrap break-words">{entry.body}</dd>
                {entry.attachments.length > 0 && (
                  <>
                    <dt className="text-slate-500">{t("attachments")}</dt>
                    <dd>
                      <ul>
                        {entry.attachments.map((file, i) => (
                          <li key={i}>{t("attachment", { name: file.fileName, size: file.bytes })}</li>
                        ))}
                      </ul>
                    </dd>
                  </>
                )}
                <dt className="text-slate-500">{t("reason")}</dt>
                <dd>
                  {entry.outcome === "unknown-sender" ? (
                    t("unknownSender")
                  ) : (
                    <>
                      {t("severalCustomers")}{" "}
                      {entry.candidates.map((c, i) => (
                        <span key={c.id}>
                          {i > 0 && ", "}
                          <Link className="text-sky-800 hover:underline" href={`/office/customers/${c.id}`}>
                            {c.displayName}
                          </Link>
                        </span>
                      ))}
                    </>
                  )}
                  {entry.ignoredTicketRef !== null && (
                    <p className="mt-1 text-amber-900">{t("ignoredTicket", { id: entry.ignoredTicketRef })}</p>
                  )}
                </dd>
              </dl>
              {canFile && (
                <form action={fileUnmatchedEmailAction} className="mt-3 flex flex-wrap items-end gap-2">
                  <input type="hidden" name="inboxId" value={entry.id} />
                  {entry.candidates.length > 0 ? (
                    <label className="flex flex-col">
                      {t("fileOn")}
                      <select name="customerId" required className="rounded border border-slate-300 px-2 py-1.5">
                        {entry.candidates.map((c) => (
                          <option key={c.id} value={c.id}>
                            {c.displayName} (#{c.id})
                          </option>
                        ))}
                      </select>
                    </label>
                  ) : (
                    <label className="flex flex-col">
                      {t("customerNumber")}
                      <input
                        name="customerId"
                        type="number"
                        min={1}
                        required
                        inputMode="numeric"
                        className="w-32 rounded border border-slate-300 px-2 py-1.5"
                      />
                    </label>
                  )}
                  <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white">
                    {t("file")}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
