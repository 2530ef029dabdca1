"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTranslations } from "next-intl";
import { browserTrpc } from "@/components/browser-trpc";
import { errorText } from "./error-text";

export interface CannedDraft {
  id?: number;
  title: string;
  bodyFr: string;
  bodyEn: string;
  active: boolean;
}

/** One canned reply's form (new or existing), for admins. */
export function CannedReplyEditor({ initial, testId }: { initial: CannedDraft; testId: string }) {
  const t = useTranslations("cannedReplies");
  const tRoot = useTranslations();
  const router = useRouter();
  const [draft, setDraft] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const field = "w-full rounded border border-slate-300 bg-white px-2 py-1";

  return (
    <form
      data-testid={testId}
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setNotice(null);
        browserTrpc.tickets.saveCannedReply
          .mutate(draft)
          .then(() => {
            setNotice({ ok: true, text: t("saved") });
            if (draft.id === undefined) setDraft(initial);
            router.refresh();
          })
          .catch((error: unknown) => setNotice({ ok: false, text: errorText(error, tRoot) }))
          .finally(() => setBusy(false));
      }}
    >
      <label className="flex flex-col">
        {t("titleField")}
        <input className={field} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} />
      </label>
      <div className="grid gap-2 md:grid-cols-2">
        <label className="flex flex-col">
          {t("bodyFr")}
          <textarea
            rows={4}
            lang="fr"
            className={field}
            value={draft.bodyFr}
            onChange={(e) => setDraft({ ...draft, bodyFr: e.target.value })}
          />
        </label>
        <label className="flex flex-col">
          {t("bodyEn")}
          <textarea
            rows={4}
            lang="en"
            className={field}
            value={draft.bodyEn}
            onChange={(e) => setDraft({ ...draft, bodyEn: e.target.value })}
          />
        </label>
      </div>
      <div className="flex items-center gap-3">
        <label className="flex items-center gap-1">
          <input
            type="checkbox"
            checked={draft.active}
            onChange={(e) => setDraft({ ...draft, active: e.target.checked })}
          />
          {t("active")}
        </label>
        <button
          type="submit"
          disabled={busy}
          className="rounded bg-sky-700 px-3 py-1 font-medium text-white disabled:opacity-50"
        >
          {t("save")}
        </button>
        <span aria-live="polite" className={notice?.ok ? "text-emerald-800" : "text-rose-800"}>
          {notice?.text}
        </span>
      </div>
    </form>
  );
}
