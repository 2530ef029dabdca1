import { getLocale, getTranslations } from "next-intl/server";
import { switchLocale } from "@/app/actions/locale";

/** A plain form: works without JavaScript and re-renders the page in the other language. */
export async function LanguageSwitch() {
  const locale = await getLocale();
  const t = await getTranslations("common");
  return (
    <form action={switchLocale}>
      <input type="hidden" name="locale" value={locale === "fr" ? "en" : "fr"} />
      <button type="submit" className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-200" lang={locale === "fr" ? "en" : "fr"} data-testid="language-switch">
        {t("switchTo")}
      </button>
    </form>
  );
}
