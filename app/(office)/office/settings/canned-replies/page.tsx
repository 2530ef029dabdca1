import { getTranslations } from "next-intl/server";
import { CannedReplyEditor } from "@/components/office/tickets/canned-reply-editor";
import { CANNED_VARIABLES } from "@/lib/domain/ticket-desk/canned-replies";
import { callerFor, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

/** The support desk's canned replies, both languages (admins: `tickets.canned.manage`). */
export default async function CannedRepliesPage() {
  const ctx = await requireStaffPage("tickets.canned.manage", "/office/settings/canned-replies");
  const t = await getTranslations("cannedReplies");
  const replies = await callerFor(ctx).tickets.allCannedReplies();
  return (
    <section className="space-y-4" data-testid="canned-replies-page">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">
        {t("intro", { variables: CANNED_VARIABLES.map((v) => `{${v}}`).join(", ") })}
      </p>
      <h2 className="text-lg font-semibold">{t("new")}</h2>
      <CannedReplyEditor testId="canned-new" initial={{ title: "", bodyFr: "", bodyEn: "", active: true }} />
      {replies.length === 0 ? (
        <p className="text-slate-600">{t("empty")}</p>
      ) : (
        replies.map((r) => (
          <div key={r.id}>
            <h2 className="text-lg font-semibold">
              {r.title} {!r.active && <span className="text-sm font-normal text-slate-500">({t("retired")})</span>}
            </h2>
            <CannedReplyEditor
              testId={`canned-${r.id}`}
              initial={{ id: r.id, title: r.title, bodyFr: r.bodyFr, bodyEn: r.bodyEn, active: r.active }}
            />
          </div>
        ))
      )}
    </section>
  );
}
