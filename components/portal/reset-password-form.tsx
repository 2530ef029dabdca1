"use client";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { formText } from "@/lib/form-text";

/** Sets a new password with the emailed token; an expired or used token gets the same clear sentence. */
export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("portalAccount");
  const [error, setError] = useState<string | null>(token ? null : t("errors.linkRefused"));
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newPassword = formText(new FormData(event.currentTarget), "password");
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/customer/reset-password", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token, newPassword }),
      });
      if (response.ok) return setDone(true);
      const body = (await response.json().catch(() => ({}))) as { code?: string };
      setError(body.code === "PASSWORD_TOO_SHORT" ? t("reset.password") : t("errors.linkRefused"));
    } finally {
      setBusy(false);
    }
  }

  if (done)
    return (
      <p role="status" className="rounded bg-emerald-50 px-3 py-2 text-emerald-800">
        {t("reset.done")}{" "}
        <Link href="/portal/sign-in" className="underline">
          /portal/sign-in
        </Link>
      </p>
    );
  return (
    <form onSubmit={(event) => void onSubmit(event)} className="space-y-4">
      <label className="block">
        <span className="text-sm font-medium text-slate-700">{t("reset.password")}</span>
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2 focus:border-sky-600"
        />
      </label>
      {error && (
        <p role="alert" className="rounded bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy || !token}
        className="w-full rounded bg-sky-700 px-3 py-2 font-medium text-white hover:bg-sky-800 disabled:opacity-60"
      >
        {t("reset.submit")}
      </button>
    </form>
  );
}
