"use client";
import { useTranslations } from "next-intl";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations("common");
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col justify-center gap-3 px-4 text-center" role="alert">
      <h1 className="text-xl font-semibold">{t("errorTitle")}</h1>
      <p className="text-slate-600">{t("errorBody")}</p>
      <button type="button" onClick={reset} className="mx-auto rounded bg-sky-700 px-4 py-2 text-white">
        {t("retry")}
      </button>
    </main>
  );
}
