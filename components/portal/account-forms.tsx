"use client";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { browserTrpc } from "@/components/browser-trpc";
import { formText } from "@/lib/form-text";

export interface ProfileView {
  name: string;
  email: string;
  phone: string | null;
  mobile: string | null;
  language: "fr" | "en";
  consents: Record<"email" | "sms", { granted: boolean; recordedAt: string | null }>;
}

const FIELD = "mt-1 w-full rounded border border-slate-300 px-3 py-2 focus:border-sky-600";
const BUTTON = "rounded bg-sky-700 px-4 py-2 font-medium text-white hover:bg-sky-800 disabled:opacity-60";

function messageOf(error: unknown, fallback: string): string {
  return error instanceof Error && error.message ? error.message : fallback;
}

/** Name, phones and language; the email changes only through the link sent to the new address. */
export function ProfileForm({ profile, dateOf }: { profile: ProfileView; dateOf: Record<string, string> }) {
  const t = useTranslations("portalAccount.account");
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [consents, setConsents] = useState(profile.consents);

  async function saveProfile(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    try {
      await browserTrpc.portalProfile.update.mutate({
        name: formText(form, "name"),
        phone: formText(form, "phone"),
        mobile: formText(form, "mobile"),
        language: formText(form, "language") === "en" ? "en" : "fr",
      });
      setNote({ ok: true, text: t("saved") });
    } catch (error) {
      setNote({ ok: false, text: messageOf(error, "") });
    } finally {
      setBusy(false);
    }
  }

  async function changeEmail(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newEmail = formText(new FormData(event.currentTarget), "newEmail").trim();
    setBusy(true);
    try {
      const response = await fetch("/api/auth/customer/change-email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ newEmail, callbackURL: "/portal/account" }),
      });
      const body = (await response.json().catch(() => ({}))) as { message?: string };
      setNote(response.ok ? { ok: true, text: t("changeEmailSent") } : { ok: false, text: body.message ?? "" });
    } finally {
      setBusy(false);
    }
  }

  async function setConsent(channel: "email" | "sms", granted: boolean) {
    const previous = consents;
    // Shown at once; put back if the server refuses.
    setConsents({ ...consents, [channel]: { ...consents[channel], granted } });
    setBusy(true);
    try {
      const updated = await browserTrpc.portalProfile.setConsent.mutate({ channel, granted });
      setConsents({
        email: { ...updated.consents.email, recordedAt: updated.consents.email.recordedAt?.toISOString() ?? null },
        sms: { ...updated.consents.sms, recordedAt: updated.consents.sms.recordedAt?.toISOString() ?? null },
      });
      setNote({ ok: true, text: t("saved") });
    } catch (error) {
      setConsents(previous);
      setNote({ ok: false, text: messageOf(error, "") });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-6">
      {note && (
        <p
          role={note.ok ? "status" : "alert"}
          className={`rounded px-3 py-2 text-sm ${note.ok ? "bg-emerald-50 text-emerald-800" : "bg-rose-50 text-rose-800"}`}
        >
          {note.text}
        </p>
      )}
      <form
        onSubmit={(event) => void saveProfile(event)}
        className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
      >
        <h2 className="text-lg font-semibold">{t("profile")}</h2>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">{t("name")}</span>
          <input name="name" defaultValue={profile.name} autoComplete="name" required className={FIELD} />
        </label>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">{t("phone")}</span>
          <input name="phone" type="tel" defaultValue={profile.phone ?? ""} autoComplete="tel" className={FIELD} />
        </label>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">{t("mobile")}</span>
          <input name="mobile" type="tel" defaultValue={profile.mobile ?? ""} className={FIELD} />
        </label>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">{t("language")}</span>
          <select name="language" defaultValue={profile.language} className={FIELD}>
            <option value="fr">{t("languages.fr")}</option>
            <option value="en">{t("languages.en")}</option>
          </select>
        </label>
        <button type="submit" disabled={busy} className={BUTTON}>
          {t("save")}
        </button>
      </form>
      <form
        onSubmit={(event) => void changeEmail(event)}
        className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
      >
        <p className="text-sm text-slate-600">
          {t("email")}: <span className="font-medium">{profile.email}</span>
        </p>
        <label className="block">
          <span className="text-sm font-medium text-slate-700">{t("newEmail")}</span>
          <input name="newEmail" type="email" required autoComplete="email" className={FIELD} />
        </label>
        <button type="submit" disabled={busy} className={BUTTON}>
          {t("changeEmail")}
        </button>
      </form>
      <fieldset className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <legend className="px-1 text-lg font-semibold">{t("notifications")}</legend>
        <p className="text-sm text-slate-600">{t("consentNote")}</p>
        {(["email", "sms"] as const).map((channel) => {
          const state = consents[channel];
          return (
            <div key={channel}>
              <label className="flex items-center gap-3">
                <input
                  type="checkbox"
                  checked={state.granted}
                  disabled={busy}
                  onChange={(event) => void setConsent(channel, event.target.checked)}
                  className="h-5 w-5"
                />
                <span>{channel === "email" ? t("consentEmail") : t("consentSms")}</span>
              </label>
              {state.recordedAt && (
                <p className="ml-8 text-xs text-slate-500">
                  {t(state.granted ? "consentSince" : "consentWithdrawn", {
                    date: dateOf[state.recordedAt] ?? new Date(state.recordedAt).toLocaleDateString(),
                  })}
                </p>
              )}
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}
