"use client";
/**
 * The portal's ticket forms: open a request, answer one, each with optional photos. The message
 * is sent once per request key, even when retried; its photos follow it, each once per its own
 * key (components/portal/ticket-photos.tsx). When a photo fails, the message is already written:
 * sending again finds it (same key) and sends only the photos still waiting.
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { browserTrpc } from "@/components/browser-trpc";
import { errorText, newRequestKey } from "@/components/office/tickets/error-text";
import { PhotoPicker, uploadPhotos, type PickedPhoto } from "@/components/portal/ticket-photos";
import { TICKET_TYPES, type TicketType } from "@/lib/domain/tickets";

const field = "w-full rounded border border-slate-300 bg-white px-2 py-2 text-base";

/** The photo picker's state and the send of its photos after the message. */
function usePhotos() {
  const t = useTranslations("ticketAttachments");
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const send = async (ticketId: number, messageId: number) => {
    const { remaining, error } = await uploadPhotos(ticketId, messageId, photos, t("networkError"));
    setPhotos(remaining);
    return error === null ? null : t("failed", { count: remaining.length, reason: error });
  };
  return { photos, setPhotos, problem, setProblem, send };
}

export function OpenTicketForm() {
  const t = useTranslations("portalTickets");
  const tPhotos = useTranslations("ticketAttachments");
  const tRoot = useTranslations();
  const router = useRouter();
  const [subject, setSubject] = useState("");
  const [type, setType] = useState<TicketType>("support");
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** The ticket already written when its photos failed: the customer may go to it without them. */
  const [written, setWritten] = useState<number | null>(null);
  const key = useRef(newRequestKey());
  const photos = usePhotos();

  return (
    <form
      data-testid="portal-open-ticket"
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        browserTrpc.portalTickets.open
          .mutate({ subject, type, body, requestKey: key.current })
          .then(async ({ ticketId, messageId }) => {
            const failed = await photos.send(ticketId, messageId);
            if (failed) {
              setWritten(ticketId);
              setError(failed);
              return;
            }
            key.current = newRequestKey();
            router.push(`/portal/tickets/${ticketId}`);
          })
          .catch((failure: unknown) => setError(errorText(failure, tRoot)))
          .finally(() => setBusy(false));
      }}
    >
      <h2 className="text-lg font-semibold">{t("open")}</h2>
      <label className="block">
        {t("subject")}
        <input className={field} value={subject} maxLength={200} onChange={(e) => setSubject(e.target.value)} />
      </label>
      <label className="block">
        {t("type")}
        <select className={field} value={type} onChange={(e) => setType(e.target.value as TicketType)}>
          {TICKET_TYPES.map((k) => (
            <option key={k} value={k}>
              {tRoot(`ticketType.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="block">
        {t("message")}
        <textarea
          className={field}
          rows={5}
          maxLength={10_000}
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
      </label>
      <PhotoPicker
        photos={photos.photos}
        onChange={photos.setPhotos}
        problem={photos.problem}
        onProblem={photos.setProblem}
        disabled={busy}
      />
      {error && (
        <p role="alert" className="text-rose-800">
          {error}
          {written !== null && (
            <>
              {" "}
              <Link className="text-sky-800 underline" href={`/portal/tickets/${written}`}>
                {tPhotos("goToTicket")}
              </Link>
            </>
          )}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="rounded bg-sky-700 px-4 py-2 font-medium text-white disabled:opacity-50"
      >
        {busy ? t("sending") : t("submit")}
      </button>
    </form>
  );
}

export function PortalReplyForm({ ticketId, closed }: { ticketId: number; closed: boolean }) {
  const t = useTranslations("portalTickets");
  const tRoot = useTranslations();
  const router = useRouter();
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const key = useRef(newRequestKey());
  const photos = usePhotos();

  return (
    <form
      data-testid="portal-reply"
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setNotice(null);
        browserTrpc.portalTickets.reply
          .mutate({ ticketId, body, requestKey: key.current })
          .then(async ({ messageId }) => {
            const failed = await photos.send(ticketId, messageId);
            router.refresh();
            if (failed) {
              setNotice({ ok: false, text: failed });
              return;
            }
            key.current = newRequestKey();
            setBody("");
            setNotice({ ok: true, text: t("sent") });
          })
          .catch((failure: unknown) => setNotice({ ok: false, text: errorText(failure, tRoot) }))
          .finally(() => setBusy(false));
      }}
    >
      <label className="block font-medium" htmlFor="portal-reply-body">
        {t("reply")}
      </label>
      {closed && <p className="text-sm text-slate-600">{t("reopenNote")}</p>}
      <textarea
        id="portal-reply-body"
        className={field}
        rows={4}
        maxLength={10_000}
        value={body}
        onChange={(e) => setBody(e.target.value)}
      />
      <PhotoPicker
        photos={photos.photos}
        onChange={photos.setPhotos}
        problem={photos.problem}
        onProblem={photos.setProblem}
        disabled={busy}
      />
      <div className="flex items-center gap-3">
        <button
          type="submit"
          disabled={busy}
          className="rounded bg-sky-700 px-4 py-2 font-medium text-white disabled:opacity-50"
        >
          {busy ? t("sending") : t("sendReply")}
        </button>
        <span aria-live="polite" className={notice?.ok ? "text-emerald-800" : "text-rose-800"}>
          {notice?.text}
        </span>
      </div>
    </form>
  );
}
