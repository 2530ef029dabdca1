import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { AgingTable } from "@/components/office/reports/aging-table";
import { AgingDunningActivity } from "@/components/office/reports/aging-dunning-activity";
import { AgingDunningRun } from "@/components/office/reports/aging-dunning-run";
import { UndecidedMessages } from "@/components/office/reports/undecided-messages";
import { localDate } from "@/lib/domain/quebec-dates";
import { agingInput } from "@/lib/schemas/payments";
import { callerFor, requireStaffPage } from "@/server/web/page-access";
import { can } from "@/lib/domain/capabilities";
import { resolveMessageAction, runDunningAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function AgingPage({ searchParams }: { searchParams: Promise<{ asOf?: string }> }) {
  const ctx = await requireStaffPage("billing.read", "/office/reports/aging");
  const params = await searchParams;
  const [t, locale] = [await getTranslations("aging"), await getLocale()];
  const today = localDate(new Date());
  const input = agingInput.safeParse({ asOf: params.asOf || today });
  const caller = callerFor(ctx);
  const [report, activity, undecided] = await Promise.all([
    input.success ? caller.payments.aging(input.data) : null,
    caller.payments.dunningActivity({ limit: 20 }),
    caller.payments.undecidedMessages({ limit: 50 }),
  ]);
  const canRun = can(ctx.staff.role, "payments.write");

  return (
    <section className="space-y-4">
      <Link href="/office/reports" className="text-sm text-sky-700 hover:underline">
        ← {t("reports")}
      </Link>
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-sm text-slate-600">{t("explain")}</p>
      <form action="/office/reports/aging" className="flex flex-wrap items-end gap-2 text-sm">
        <label className="flex flex-col" htmlFor="aging-as-of">
          {t("asOf")}
          <input
            id="aging-as-of"
            type="date"
            name="asOf"
            required
            defaultValue={input.success ? input.data.asOf : today}
            className="rounded border border-slate-300 bg-white px-2 py-1.5"
          />
        </label>
        <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white">
          {t("show")}
        </button>
      </form>
      {!input.success && (
        <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("badDate", { value: params.asOf ?? "" })}
        </p>
      )}
      {report && <AgingTable report={report} locale={locale} />}
      <AgingDunningActivity
        activity={activity}
        locale={locale}
        runButton={
          canRun ? <AgingDunningRun runDunning={runDunningAction} /> : <p className="text-xs">{t("runNeedsBilling")}</p>
        }
      />
      <UndecidedMessages messages={undecided} locale={locale} resolve={canRun ? resolveMessageAction : null} />
    </section>
  );
}
