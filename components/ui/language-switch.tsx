import { getLocale, getTranslations } from "next-intl/server";
import type { PlainFormAction } from "@/lib/schemas/actions";

/**
 * A plain form: works without JavaScript and re-renders the page in the other language.
 * `switchLocale` is the server action in app/actions/locale, handed down by the page or layout.
 */
export async function LanguageSwitch({ switchLocale }: { switchLocale: PlainFormAction }) {
  const locale = await getLocale();
  const t = await getTranslations("common");
  return (
    <form action={switchLocale}>
      <input type="hidden" name="locale" value={locale === "fr" ? "en" : "fr"} />
      <button
        type="submit"
        className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-200"
        lang={locale === "fr" ? "en" : "fr"}
        data-testid="language-switch"
      >
        {t("switchTo")}
      </button>
    </form>
  );
}
