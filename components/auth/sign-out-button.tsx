"use client";
import { useTranslations } from "next-intl";
import { useState } from "react";

export function SignOutButton({ realm }: { realm: "staff" | "customer" }) {
  const t = useTranslations("common");
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    await fetch(`/api/auth/${realm}/sign-out`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    window.location.assign(realm === "staff" ? "/sign-in" : "/portal/sign-in");
  }
  function onClick() {
    // Server unreachable: the button comes back so the user can try again.
    signOut().catch((error: unknown) => {
      console.error("sign-out failed", error);
      setBusy(false);
    });
  }
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={busy}
      className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-200 disabled:opacity-50"
    >
      {t("signOut")}
    </button>
  );
}
