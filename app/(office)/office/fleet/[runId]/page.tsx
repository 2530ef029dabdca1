import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { FleetPauseResume } from "@/components/office/network/fleet-forms";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { Section, Table } from "@/components/ui/section";
import { callerFor, orNotFound, requireStaffPage } from "@/server/web/page-access";
import { pauseResumeAction } from "../actions";

export const dynamic = "force-dynamic";

const ITEM_BADGE = { queued: "pending", sent: "in_progress", applied: "done", faulted: "failed" } as const;

/** One fleet run: live progress per device while it runs, the report once it is finished. */
export default async function FleetRunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId: raw } = await params;
  const ctx = await requireStaffPage("cpe.firmware", `/office/fleet/${raw}`);
  const runId = Number(raw);
  if (!Number.isSafeInteger(runId) || runId <= 0 || runId > 2_147_483_647) notFound();
  const run = await orNotFound(callerFor(ctx).acsFleet.run({ runId }));
  const [t, locale] = [await getTranslations("cpeFleet"), await getLocale()];
  return (
    <div className="space-y-4" data-testid="fleet-run">
      <p className="text-sm">
        <Link href="/office/fleet" className="text-sky-700 underline">
          ← {t("title")}
        </Link>
      </p>
      <header className="rounded-lg border border-slate-200 bg-white p-4">
        <h1 className="text-2xl font-semibold">{run.fileName}</h1>
        <p className="text-sm text-slate-600">
          {t(`status.${run.status}`)} · {t("run.concurrency", { n: run.concurrency })} ·{" "}
          {formatDateTime(run.createdAt, locale)}
          {run.finishedAt ? ` → ${formatDateTime(run.finishedAt, locale)}` : ""}
        </p>
        <p className="mt-2 text-sm" data-testid="fleet-counts">
          {t("runs.counts", run.counts)}
        </p>
        {run.status !== "finished" ? (
          <FleetPauseResume runId={run.id} status={run.status} act={pauseResumeAction} />
        ) : null}
      </header>
      <Section title={t("run.devices")}>
        <Table head={[t("run.serial"), t("run.model"), t("run.status"), t("run.fault"), t("run.updated")]}>
          {run.items.map((item) => (
            <tr key={item.equipmentId}>
              <td className="font-mono text-xs">
                <Link href={`/office/equipment/${item.equipmentId}/remote`} className="text-sky-700 underline">
                  {item.serial}
                </Link>
              </td>
              <td>{item.model ?? "—"}</td>
              <td>
                <Badge value={ITEM_BADGE[item.status]} label={t(`item.${item.status}`)} />
              </td>
              <td className="font-mono text-xs">
                {item.faultCode ? `${item.faultCode} ${item.faultMessage ?? ""}` : ""}
              </td>
              <td>{formatDateTime(item.updatedAt, locale)}</td>
            </tr>
          ))}
        </Table>
      </Section>
      <AutoRefresh active={run.status === "running"} label={t("following")} />
    </div>
  );
}
