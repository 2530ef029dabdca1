"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";

type Kind = "magic-link" | "reset";

/**
 * "Email me a link" and "Forgot password" on the portal's sign-in page. The answer is the same
 * whether or not the address has an account; only a rate-limit refusal reads differently.
 */
export function EmailLinkForm({ refusedLink }: { refusedLink: boolean }) {
  const t = useTranslations("portalAccount");
  const signInText = useTranslations("signIn");
  const [email, setEmail] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(refusedLink ? t("errors.linkRefused") : null);
  const [busy, setBusy] = useState(false);

  async function ask(kind: Kind) {
    const address = email.trim();
    if (!address) return setError(signInText("missing"));
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const response = await fetch(
        kind === "magic-link" ? "/api/auth/customer/sign-in/magic-link" : "/api/auth/customer/request-password-reset",
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: address }),
        },
      );
      if (response.status === 429) {
        const refusal = (await response.json().catch(() => ({}))) as { message?: string };
        return setError(refusal.message ?? t("errors.linkRefused"));
      }
      setStatus(kind === "magic-link" ? t("signIn.magicLinkSent") : t("signIn.resetSent"));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <label className="block">
        <span className="text-sm font-medium text-slate-700">{t("signIn.linkAddress")}</span>
        <input
          type="email"
          autoComplete="username"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2 focus:border-sky-600"
        />
      </label>
      {error && (
        <p role="alert" className="rounded bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {error}
        </p>
      )}
      {status && (
        <p role="status" className="rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {status}
        </p>
      )}
      <div className="flex flex-col gap-2 sm:flex-row">
        <button
          type="button"
          disabled={busy}
          onClick={() => void ask("magic-link")}
          className="flex-1 rounded border border-sky-700 px-3 py-2 text-sky-800 hover:bg-sky-50 disabled:opacity-60"
        >
          {t("signIn.magicLink")}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => void ask("reset")}
          className="flex-1 rounded border border-slate-300 px-3 py-2 text-slate-700 hover:bg-slate-100 disabled:opacity-60"
        >
          {t("signIn.forgot")}
        </button>
      </div>
    </div>
  );
}
