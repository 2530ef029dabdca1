import { getLocale, getTranslations } from "next-intl/server";
import { TemplateEditor } from "@/components/office/checklists/template-editor";
import { callerFor, requireStaffPage } from "@/server/web/page-access";
import { saveChecklistTemplate } from "./actions";

export const dynamic = "force-dynamic";

/** One editor per job kind; each saves on its own, so two dispatchers can edit two kinds at once. */
export default async function ChecklistsPage() {
  const ctx = await requireStaffPage("checklists.edit", "/office/checklists");
  const [t, locale] = [await getTranslations("checklists"), await getLocale()];
  const templates = await callerFor(ctx).checklists.templates();

  return (
    <section className="space-y-4" data-testid="checklists-page">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("intro")}</p>
      <nav aria-label={t("jumpTo")} className="flex flex-wrap gap-2 text-sm">
        {templates.map((template) => (
          <a
            key={template.jobKind}
            href={`#checklist-${template.jobKind}`}
            className="rounded border border-slate-300 bg-white px-2 py-1 text-sky-800 hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700"
          >
            {t(`kinds.${template.jobKind}`)}
          </a>
        ))}
      </nav>
      {templates.map((template) => (
        // Keyed by version: reloading after someone else's save starts the editor from their list.
        <TemplateEditor
          key={`${template.jobKind}:${template.updatedAt ?? "default"}`}
          saveTemplate={saveChecklistTemplate}
          template={template}
          locale={locale}
        />
      ))}
    </section>
  );
}
