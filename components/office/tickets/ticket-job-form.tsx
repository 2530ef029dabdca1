"use client";
/**
 * "Create a dispatch job" on the ticket page: prefilled from the ticket (lib/domain/ticket-desk/
 * ticket-job.ts), sent once per request key (a retry after a network failure reuses it), then the
 * page re-renders with the job's note in the thread.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { useTranslations } from "next-intl";
import { browserTrpc } from "@/components/browser-trpc";
import { JOB_KINDS } from "@/lib/schemas/dispatch";
import type { TicketJobDraft } from "@/lib/domain/ticket-desk/ticket-job";
import { dayOfIso, isoOfDay, localDayOf, localToUtc } from "@/lib/domain/sla/toronto-time";
import { errorText, newRequestKey } from "./error-text";

const WINDOWS = {
  morning: [8 * 60, 12 * 60],
  afternoon: [12 * 60, 16 * 60 + 30],
  day: [8 * 60, 16 * 60 + 30],
} as const;
type WindowName = keyof typeof WINDOWS;
const DURATIONS = [30, 45, 60, 90, 120, 180, 240];

export function TicketJobForm({ ticketId, draft }: { ticketId: number; draft: TicketJobDraft }) {
  const t = useTranslations("ticketDesk.job");
  const tRoot = useTranslations();
  const router = useRouter();
  const [kind, setKind] = useState<TicketJobDraft["kind"]>(draft.kind);
  const [title, setTitle] = useState(draft.title);
  const [date, setDate] = useState(isoOfDay(localDayOf(Date.parse(draft.windowStart))));
  const [window, setWindow] = useState<WindowName>("morning");
  const [duration, setDuration] = useState(draft.durationMin);
  const [skills, setSkills] = useState(draft.skills.join(", "));
  const [notes, setNotes] = useState("");
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string; job?: number } | null>(null);
  const requestKey = useRef(newRequestKey());

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setNotice(null);
    try {
      const day = dayOfIso(date);
      const [from, to] = WINDOWS[window];
      const outcome = await browserTrpc.tickets.createJob.mutate({
        ticketId,
        requestKey: requestKey.current,
        kind,
        title,
        notes: notes.trim() || undefined,
        durationMin: duration,
        windowStart: new Date(localToUtc(day, from)).toISOString(),
        windowEnd: new Date(localToUtc(day, to)).toISOString(),
        skills: skills
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      });
      // Spent only once the server answered: the next job is another request.
      requestKey.current = newRequestKey();
      setNotice({
        kind: "ok",
        text: outcome.created ? t("created", { job: outcome.jobId }) : t("already", { job: outcome.jobId }),
        job: outcome.jobId,
      });
      router.refresh();
    } catch (error) {
      setNotice({ kind: "error", text: errorText(error, tRoot) });
    } finally {
      setBusy(false);
    }
  }

  const field = "w-full rounded border border-slate-300 px-2 py-1";
  return (
    <section className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="ticket-job">
      <details>
        <summary className="cursor-pointer font-semibold">{t("open")}</summary>
        <form onSubmit={(e) => void submit(e)} className="mt-2 space-y-2">
          <p className="text-slate-600">{t("hint")}</p>
          <label className="block">
            {t("kind")}
            <select className={field} value={kind} onChange={(e) => setKind(e.target.value as TicketJobDraft["kind"])}>
              {JOB_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="block">
            {t("jobTitle")}
            <input
              className={field}
              value={title}
              maxLength={200}
              required
              onChange={(e) => setTitle(e.target.value)}
            />
          </label>
          <div className="grid grid-cols-2 gap-2">
            <label className="block">
              {t("date")}
              <input className={field} type="date" value={date} required onChange={(e) => setDate(e.target.value)} />
            </label>
            <label className="block">
              {t("window")}
              <select className={field} value={window} onChange={(e) => setWindow(e.target.value as WindowName)}>
                {(Object.keys(WINDOWS) as WindowName[]).map((w) => (
                  <option key={w} value={w}>
                    {t(`windows.${w}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <label className="block">
            {t("duration")}
            <select className={field} value={duration} onChange={(e) => setDuration(Number(e.target.value))}>
              {DURATIONS.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <label className="block">
            {t("skills")}
            <input className={field} value={skills} onChange={(e) => setSkills(e.target.value)} />
          </label>
          <label className="block">
            {t("notes")}
            <textarea
              className={field}
              rows={2}
              maxLength={2000}
              value={notes}
              onChange={(e) => setNotes(e.target.value)}
            />
          </label>
          <button
            type="submit"
            disabled={busy}
            className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800 disabled:opacity-50"
          >
            {busy ? t("creating") : t("submit")}
          </button>
        </form>
      </details>
      {notice && (
        <p role="status" className={notice.kind === "error" ? "text-rose-700" : "text-emerald-800"}>
          {notice.text}{" "}
          {notice.job !== undefined && (
            <Link href={`/office/jobs/${notice.job}`} className="text-sky-800 underline">
              {t("openJob", { job: notice.job })}
            </Link>
          )}
        </p>
      )}
    </section>
  );
}
