import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { FleetStartForm } from "@/components/office/network/fleet-forms";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { Empty, Section, Table } from "@/components/ui/section";
import { callerFor, requireStaffPage } from "@/server/web/page-access";
import { startFleetAction } from "./actions";

export const dynamic = "force-dynamic";

const BADGE = { running: "in_progress", paused: "pending", finished: "done" } as const;

/** Firmware pushed to many devices: choose them and the image, then follow each run. */
export default async function FleetPage() {
  const ctx = await requireStaffPage("cpe.firmware", "/office/fleet");
  const caller = callerFor(ctx);
  const [options, runs] = await Promise.all([caller.acsFleet.options(), caller.acsFleet.runs()]);
  const [t, locale] = [await getTranslations("cpeFleet"), await getLocale()];
  return (
    <div className="space-y-4" data-testid="fleet">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      {options.acs !== "ok" ? (
        <p role="status" className="rounded border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          {t(`acs.${options.acs}`)}
        </p>
      ) : null}
      <Section title={t("start.title")}>
        <FleetStartForm options={options} start={startFleetAction} />
      </Section>
      <Section title={t("runs.title")} testId="fleet-runs">
        {runs.length === 0 ? (
          <Empty>{t("runs.none")}</Empty>
        ) : (
          <Table head={[t("runs.file"), t("runs.status"), t("runs.progress"), t("runs.started")]}>
            {runs.map((run) => (
              <tr key={run.id}>
                <td>
                  <Link href={`/office/fleet/${run.id}`} className="text-sky-700 underline">
                    {run.fileName}
                  </Link>
                </td>
                <td>
                  <Badge value={BADGE[run.status]} label={t(`status.${run.status}`)} />
                </td>
                <td>{t("runs.counts", run.counts)}</td>
                <td>{formatDateTime(run.createdAt, locale)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}
