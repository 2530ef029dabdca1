import Link from "next/link";
import type { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Empty, Section, Table } from "@/components/ui/section";
import { formatDate, formatDateTime } from "@/components/ui/format";
import { DEFAULT_OPTICAL_THRESHOLDS } from "@/lib/domain/network/optical-levels";
import type { DiagnoseState, FormAction } from "@/lib/schemas/actions";
import type { DiagnosticView, EquipmentRecord } from "@/lib/schemas/network";
import { DiagnoseButton } from "./diagnose-button";
import { LevelChart } from "./level-chart";

type T = Awaited<ReturnType<typeof getTranslations>>;

const SIGNAL_TONE: Record<string, string> = {
  good: "bg-emerald-100 text-emerald-800",
  weak: "bg-amber-100 text-amber-800",
  bad: "bg-rose-100 text-rose-800",
  unknown: "bg-slate-100 text-slate-700",
  online: "bg-emerald-100 text-emerald-800",
  offline: "bg-rose-100 text-rose-800",
};

function Pill({ tone, children, testId }: { tone: string; children: React.ReactNode; testId?: string }) {
  return (
    <span
      data-testid={testId}
      className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${SIGNAL_TONE[tone] ?? SIGNAL_TONE.unknown}`}
    >
      {children}
    </span>
  );
}

/** The refusal or failure of a stored diagnostic, in the reader's language. */
export function reasonText(t: T, d: Pick<DiagnosticView, "reasonKey" | "reasonParams">): string | null {
  return d.reasonKey ? t(d.reasonKey as never, d.reasonParams as never) : null;
}

function bitRate(value: number | null, locale: string): string {
  if (value === null) return "—";
  const units = ["bit/s", "kbit/s", "Mbit/s", "Gbit/s"];
  let v = value;
  let unit = 0;
  while (v >= 1000 && unit < units.length - 1) {
    v /= 1000;
    unit++;
  }
  return `${new Intl.NumberFormat(locale === "en" ? "en-CA" : "fr-CA", { maximumFractionDigits: 1 }).format(v)} ${units[unit]}`;
}

function uptimeParts(hundredths: number) {
  const minutes = Math.floor(hundredths / 6000);
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}

/** Errors counted between each answered diagnostic and the one before it (a restart resets the counters). */
function errorDeltas(history: DiagnosticView[]): Map<number, number | null> {
  const answered = history.filter((d) => d.outcome === "ok").reverse();
  const deltas = new Map<number, number | null>();
  answered.forEach((d, i) => {
    const before = answered[i - 1];
    const delta =
      before && before.errorsTotal !== null && d.errorsTotal !== null && d.errorsTotal >= before.errorsTotal
        ? d.errorsTotal - before.errorsTotal
        : null;
    deltas.set(d.id, delta);
  });
  return deltas;
}

export function EquipmentRecordView({
  data,
  locale,
  t,
  diagnose,
}: {
  data: EquipmentRecord;
  locale: string;
  t: T;
  /** Null when the viewer's role reads diagnostics but does not run them. */
  diagnose: FormAction<DiagnoseState> | null;
}) {
  const { equipment, location, customer, modelOids, health, history } = data;
  const n = (key: string, params?: Record<string, string | number>) => t(`network.${key}` as never, params as never);
  const dbm = (value: number | null) =>
    value === null
      ? "—"
      : n("dbm", {
          value: new Intl.NumberFormat(locale === "en" ? "en-CA" : "fr-CA", { maximumFractionDigits: 2 }).format(value),
        });
  const newest = history[0] ?? null;
  const answered = history.find((d) => d.outcome === "ok") ?? null;
  const deltas = errorDeltas(history);
  const levels = history
    .filter((d) => d.outcome === "ok" && d.rxDbm !== null)
    .map((d) => ({ at: d.at, value: d.rxDbm! }));
  const errorPoints = history
    .filter((d) => deltas.get(d.id) != null)
    .map((d) => ({ at: d.at, value: deltas.get(d.id)! }));
  return (
    <div className="space-y-4" data-testid="equipment-record">
      <div className="flex flex-wrap items-start justify-between gap-4 rounded-lg border border-slate-200 bg-white p-4">
        <div className="space-y-1">
          <h1 className="text-2xl font-semibold">{n("title", { serial: equipment.serial })}</h1>
          <p className="text-sm text-slate-600">
            {t(`equipmentKind.${equipment.kind}` as never)} · {equipment.model ?? "—"} ·{" "}
            <Badge value={equipment.status} label={t(`status.${equipment.status}` as never)} />
          </p>
          <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="equipment-health">
            <Pill tone={health.online} testId="health-online">
              {n(`online.${health.online}`)}
            </Pill>
            <Pill tone={health.signal} testId="health-signal">
              {n("signal")} : {n(`signals.${health.signal}`)}
            </Pill>
            <span className="text-slate-500">
              {n("lastSeen")} : {formatDateTime(health.lastSeenAt, locale)}
            </span>
          </p>
          {customer && (
            <p className="text-sm">
              <Link href={`/office/customers/${customer.id}`} className="text-sky-800 hover:underline">
                {n("backToCustomer", { name: customer.displayName })}
              </Link>
            </p>
          )}
        </div>
        <nav className="flex flex-col items-end gap-2">
          <Link
            href={`/office/equipment/${equipment.id}/remote`}
            className="rounded border border-sky-700 px-3 py-1.5 text-sm font-medium text-sky-800 hover:bg-sky-50"
            data-testid="remote-management"
          >
            {n("remote")}
          </Link>
        </nav>
      </div>

      <div className="grid gap-4 lg:grid-cols-2">
        <Section title={n("device")} testId="device">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 px-4 py-3 text-sm">
            <dt className="text-slate-500">{n("serial")}</dt>
            <dd className="font-mono">{equipment.serial}</dd>
            <dt className="text-slate-500">{n("mac")}</dt>
            <dd className="font-mono">{equipment.mac ?? "—"}</dd>
            <dt className="text-slate-500">{n("firmware")}</dt>
            <dd>{equipment.firmware ?? "—"}</dd>
            <dt className="text-slate-500">{n("managementIp")}</dt>
            <dd className="font-mono">{equipment.managementIp ?? "—"}</dd>
            <dt className="text-slate-500">{n("installedAt")}</dt>
            <dd>{formatDate(equipment.installedAt, locale)}</dd>
            <dt className="text-slate-500">{n("location")}</dt>
            <dd>{location ? `${location.address}, ${location.city}` : n("noLocation")}</dd>
            <dt className="text-slate-500">{n("opticalOids")}</dt>
            <dd className="font-mono text-xs">
              {modelOids ? (
                `${modelOids.rxPowerOid}${modelOids.txPowerOid ? ` / ${modelOids.txPowerOid}` : ""} ÷ ${modelOids.valueDivisor}`
              ) : (
                <Link href="/office/settings/snmp-models" className="font-sans text-sky-800 hover:underline">
                  {n("noModelOids")}
                </Link>
              )}
            </dd>
          </dl>
        </Section>

        <Section
          title={n("live")}
          aside={newest ? n("lastAt", { at: formatDateTime(newest.at, locale) }) : undefined}
          testId="live"
        >
          <div className="space-y-3 px-4 py-3 text-sm">
            {diagnose ? (
              <DiagnoseButton
                diagnose={diagnose}
                equipmentId={equipment.id}
                labels={{ diagnose: n("diagnose"), diagnosing: n("diagnosing") }}
              />
            ) : (
              <p className="text-slate-500">{n("noPermissionToProbe")}</p>
            )}
            {newest === null ? (
              <p className="text-slate-500">{n("neverProbed")}</p>
            ) : newest.outcome !== "ok" ? (
              <p
                className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900"
                data-testid="latest-reason"
              >
                {reasonText(t, newest)}
              </p>
            ) : null}
            {answered && (
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1" data-testid="live-state">
                <dt className="text-slate-500">{n("sysDescr")}</dt>
                <dd className="break-words">{answered.sysDescr || "—"}</dd>
                <dt className="text-slate-500">{n("uptime")}</dt>
                <dd>
                  {answered.uptimeHundredths === null ? "—" : n("uptimeValue", uptimeParts(answered.uptimeHundredths))}
                </dd>
                <dt className="text-slate-500">{n("rx")}</dt>
                <dd data-testid="live-rx">{dbm(answered.rxDbm)}</dd>
                <dt className="text-slate-500">{n("tx")}</dt>
                <dd data-testid="live-tx">{dbm(answered.txDbm)}</dd>
                <dt className="text-slate-500">{n("signal")}</dt>
                <dd>
                  <Pill tone={answered.signal ?? "unknown"}>{n(`signals.${answered.signal ?? "unknown"}`)}</Pill>
                </dd>
              </dl>
            )}
          </div>
        </Section>
      </div>

      {answered && (
        <Section title={n("interfaces")} testId="interfaces">
          {answered.interfaces.length === 0 ? (
            <Empty>{n("noInterfaces")}</Empty>
          ) : (
            <Table head={[n("interface"), n("operStatus"), n("inRate"), n("outRate"), n("errors")]}>
              {answered.interfaces.map((i) => (
                <tr key={i.index}>
                  <td className="font-mono text-xs">{i.name}</td>
                  <td>
                    <Pill tone={i.operStatus === "up" ? "online" : i.operStatus === "down" ? "offline" : "unknown"}>
                      {i.operStatus}
                    </Pill>
                  </td>
                  <td>{bitRate(i.inBitsPerSecond, locale)}</td>
                  <td>{bitRate(i.outBitsPerSecond, locale)}</td>
                  <td>
                    {i.inErrors ?? "—"} / {i.outErrors ?? "—"}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </Section>
      )}

      <Section title={n("history")} aside={n("historyAside", { count: history.length })} testId="history">
        {levels.length >= 2 ? (
          <LevelChart
            points={levels}
            label={n("levelsChart")}
            format={(v) => dbm(v)}
            bands={[
              { value: DEFAULT_OPTICAL_THRESHOLDS.rxWeakBelowDbm, tone: "amber" },
              { value: DEFAULT_OPTICAL_THRESHOLDS.rxBadBelowDbm, tone: "rose" },
            ]}
          />
        ) : (
          <Empty>{n("levelsChartEmpty")}</Empty>
        )}
        {errorPoints.length >= 2 && (
          <LevelChart points={errorPoints} label={n("errorsChart")} format={(v) => String(v)} />
        )}
        {history.length === 0 ? (
          <Empty>{n("noHistory")}</Empty>
        ) : (
          <Table head={[n("at"), n("outcome"), n("signal"), n("rx"), n("tx"), n("errorsDelta"), n("reason")]}>
            {history.map((d) => (
              <tr key={d.id} data-testid="history-row">
                <td className="whitespace-nowrap">{formatDateTime(d.at, locale)}</td>
                <td>{n(`outcomes.${d.outcome}`)}</td>
                <td>{d.signal ? <Pill tone={d.signal}>{n(`signals.${d.signal}`)}</Pill> : "—"}</td>
                <td>{dbm(d.rxDbm)}</td>
                <td>{dbm(d.txDbm)}</td>
                <td>{deltas.get(d.id) ?? "—"}</td>
                <td className="max-w-md text-xs text-slate-600">{reasonText(t, d) ?? ""}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </div>
  );
}
