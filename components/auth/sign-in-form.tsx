"use client";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { formText } from "@/lib/form-text";
import { HOME_OF_ROLE, safeReturnPath, type StaffRoleName } from "@/lib/domain/roles";

type Realm = "staff" | "customer";

function destinationAfterSignIn(realm: Realm, user: { role?: string }, next: string | null): string {
  const requested = safeReturnPath(next);
  if (requested) return requested;
  if (realm === "customer") return "/portal";
  return HOME_OF_ROLE[(user.role ?? "support") as StaffRoleName] ?? "/office";
}

export function SignInForm({ realm, next, ssoEnabled }: { realm: Realm; next: string | null; ssoEnabled: boolean }) {
  const t = useTranslations("signIn");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = formText(form, "email").trim();
    const password = formText(form, "password");
    if (!email || !password) return setError(t("missing"));
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/api/auth/${realm}/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
      if (response.status === 401 || response.status === 400) return setError(t("invalid"));
      if (response.status === 429) {
        // Too many attempts: the server's sentence, in this request's language, says how long to wait.
        const refusal = (await response.json().catch(() => ({}))) as { message?: string };
        return setError(refusal.message ?? t("failed"));
      }
      if (!response.ok) return setError(t("failed"));
      const body = (await response.json()) as { user: { role?: string } };
      window.location.assign(destinationAfterSignIn(realm, body.user, next));
    } catch {
      setError(t("failed"));
    } finally {
      setBusy(false);
    }
  }

  async function signInWithSso() {
    // better-auth 1.7 serves generic OAuth providers through sign-in/social (sign-in/oauth2 answers 404).
    const response = await fetch(`/api/auth/staff/sign-in/social`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "sso", callbackURL: safeReturnPath(next) ?? "/" }),
    });
    const body = (await response.json().catch(() => ({}))) as { url?: string };
    if (response.ok && body.url) window.location.assign(body.url);
    else setError(t("failed"));
  }

  return (
    <form
      onSubmit={(event) => void onSubmit(event)}
      noValidate
      className="space-y-4"
      aria-describedby={error ? "sign-in-error" : undefined}
    >
      <label className="block">
        <span className="text-sm font-medium text-slate-700">{t("email")}</span>
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2 focus:border-sky-600"
        />
      </label>
      <label className="block">
        <span className="text-sm font-medium text-slate-700">{t("password")}</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="mt-1 w-full rounded border border-slate-300 px-3 py-2 focus:border-sky-600"
        />
      </label>
      {error && (
        <p id="sign-in-error" role="alert" className="rounded bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {error}
        </p>
      )}
      <button
        type="submit"
        disabled={busy}
        className="w-full rounded bg-sky-700 px-3 py-2 font-medium text-white hover:bg-sky-800 disabled:opacity-60"
      >
        {busy ? t("submitting") : t("submit")}
      </button>
      {ssoEnabled && realm === "staff" && (
        <button
          type="button"
          onClick={() => {
            signInWithSso().catch(() => setError(t("failed")));
          }}
          className="w-full rounded border border-slate-300 px-3 py-2 text-slate-700 hover:bg-slate-100"
        >
          {t("sso")}
        </button>
      )}
    </form>
  );
}
