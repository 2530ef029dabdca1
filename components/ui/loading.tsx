import { getTranslations } from "next-intl/server";

export async function Loading() {
  const t = await getTranslations("common");
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-2 py-8 text-slate-500">
      <span className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-sky-700" aria-hidden />
      {t("loading")}
    </div>
  );
}
