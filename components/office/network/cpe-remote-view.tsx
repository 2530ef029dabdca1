import Link from "next/link";
import { useTranslations } from "next-intl";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/format";
import { Empty, Section, Table } from "@/components/ui/section";
import type { FormAction } from "@/lib/schemas/actions";
import type { CpeActionState, CpeRemoteView as View, CpeState, CpeTaskView } from "@/lib/schemas/cpe-remote";
import { CpeActionButtons, FirmwareForm, WifiChangeForm } from "./cpe-action-forms";

type Actions = Record<"reboot" | "refresh" | "wifi" | "firmware", FormAction<CpeActionState>>;

const BADGE_OF = { queued: "pending", done: "done", fault: "failed" } as const;

type Translate = (key: string, values?: Record<string, number>) => string;

function duration(seconds: number | null, t: Translate): string {
  if (seconds === null) return "—";
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (days > 0) return t("durationDays", { days, hours });
  return hours > 0 ? t("durationHours", { hours, minutes }) : t("durationMinutes", { minutes });
}

export function TaskList({ tasks, locale }: { tasks: CpeTaskView[]; locale: string }) {
  const t = useTranslations("cpeRemote");
  if (tasks.length === 0) return <Empty>{t("tasks.none")}</Empty>;
  return (
    <Table head={[t("tasks.kind"), t("tasks.status"), t("tasks.when"), t("tasks.by"), t("tasks.fault")]}>
      {tasks.map((task) => (
        <tr key={task.id} data-testid={`cpe-task-${task.id}`}>
          <td>
            {t(`kind.${task.kind}`)}
            {task.details.ssid ? ` · ${String(task.details.ssid)}` : ""}
            {task.details.fileName ? ` · ${String(task.details.fileName)}` : ""}
          </td>
          <td>
            <Badge value={BADGE_OF[task.status]} label={t(`taskStatus.${task.status}`)} />
          </td>
          <td>{formatDateTime(task.createdAt, locale)}</td>
          <td>
            {t(
              `tasks.${task.requestedRealm === "customer" ? "customer" : task.requestedRealm === "system" ? "system" : "staff"}`,
            )}
          </td>
          <td className="font-mono text-xs">{task.faultCode ? `${task.faultCode} ${task.faultMessage ?? ""}` : ""}</td>
        </tr>
      ))}
    </Table>
  );
}

function DeviceSections({
  device,
  data,
  locale,
  canAct,
  actions,
}: {
  device: CpeState;
  data: View;
  locale: string;
  canAct: boolean;
  actions: Actions;
}) {
  const t = useTranslations("cpeRemote");
  return (
    <>
      <div className="grid gap-4 lg:grid-cols-2">
        <Section title={t("status.title")} testId="cpe-status">
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 px-4 py-3 text-sm">
            <dt className="text-slate-500">{t("status.title")}</dt>
            <dd>
              <Badge
                value={device.online ? "active" : "disconnected"}
                label={device.online ? t("status.online") : t("status.offline")}
              />
            </dd>
            <dt className="text-slate-500">{t("status.lastInform")}</dt>
            <dd>{device.lastInform ? formatDateTime(device.lastInform, locale) : t("status.never")}</dd>
            <dt className="text-slate-500">{t("status.dataModel")}</dt>
            <dd>{device.dataModel === "tr181" ? "TR-181" : device.dataModel === "tr098" ? "TR-098" : "—"}</dd>
            <dt className="text-slate-500">{t("status.uptime")}</dt>
            <dd>{duration(device.firmware.uptimeSeconds, t)}</dd>
          </dl>
        </Section>
        <Section title={t("wan.title")} testId="cpe-wan">
          {device.wan.status === null && device.wan.externalIp === null ? (
            <Empty>{t("wan.none")}</Empty>
          ) : (
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 px-4 py-3 text-sm">
              <dt className="text-slate-500">{t("wan.status")}</dt>
              <dd>{device.wan.status ?? "—"}</dd>
              <dt className="text-slate-500">{t("wan.type")}</dt>
              <dd>{device.wan.connectionType?.toUpperCase() ?? "—"}</dd>
              <dt className="text-slate-500">{t("wan.ip")}</dt>
              <dd className="font-mono">{device.wan.externalIp ?? "—"}</dd>
              <dt className="text-slate-500">{t("wan.uptime")}</dt>
              <dd>{duration(device.wan.uptimeSeconds, t)}</dd>
            </dl>
          )}
        </Section>
      </div>

      <Section title={t("wifi.title")} testId="cpe-wifi">
        {device.wifi.length === 0 ? (
          <Empty>{t("wifi.none")}</Empty>
        ) : (
          <ul className="divide-y divide-slate-100">
            {device.wifi.map((w) => (
              <li key={w.key} className="space-y-1 px-4 py-2" data-testid={`wifi-${w.key}`}>
                <p className="text-sm">
                  <span className="font-medium">{w.ssid ?? "—"}</span> · {t("wifi.band")} {w.band ?? "—"} ·{" "}
                  {t("wifi.channel")} {w.channel ?? "—"} · {t("wifi.security")} {w.security ?? "—"} ·{" "}
                  {t("wifi.clients")} {w.associatedClients ?? "—"} · {t("wifi.enabled")}{" "}
                  {w.enabled === null ? "—" : w.enabled ? t("wifi.yes") : t("wifi.no")}
                </p>
                {canAct && (
                  <WifiChangeForm
                    equipmentId={data.equipment.id}
                    network={w.key}
                    currentSsid={w.ssid}
                    change={actions.wifi}
                  />
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={t("clients.title")} testId="cpe-clients">
        {device.clients.length === 0 ? (
          <Empty>{t("clients.none")}</Empty>
        ) : (
          <Table head={[t("clients.name"), t("clients.mac"), t("clients.ip"), t("clients.active"), t("clients.via")]}>
            {device.clients.map((c, i) => (
              <tr key={`${c.mac ?? ""}-${i}`}>
                <td>{c.hostName ?? "—"}</td>
                <td className="font-mono text-xs">{c.mac ?? "—"}</td>
                <td className="font-mono text-xs">{c.ip ?? "—"}</td>
                <td>{c.active === null ? "—" : c.active ? t("wifi.yes") : t("wifi.no")}</td>
                <td>{c.interfaceType ?? "—"}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
    </>
  );
}

/** The office's remote page: the device's state (or why it is unknown), the actions, and their status. */
export function CpeRemoteView({
  data,
  locale,
  canAct,
  canPushFirmware,
  actions,
}: {
  data: View;
  locale: string;
  canAct: boolean;
  canPushFirmware: boolean;
  actions: Actions;
}) {
  const t = useTranslations("cpeRemote");
  const kinds = useTranslations("equipmentKind");
  const { equipment, acs } = data;
  const device = acs.state === "ok" ? acs.device : null;
  return (
    <div className="space-y-4">
      <header className="rounded-lg border border-slate-200 bg-white p-4">
        <h1 className="text-2xl font-semibold">
          {t("title")} · {equipment.model ?? kinds(equipment.kind)}
        </h1>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
          <dt className="text-slate-500">{t("serial")}</dt>
          <dd className="font-mono">{equipment.serial}</dd>
          <dt className="text-slate-500">{t("customer")}</dt>
          <dd>
            {equipment.customerId ? (
              <Link href={`/office/customers/${equipment.customerId}`} className="text-sky-700 underline">
                {equipment.customerName}
              </Link>
            ) : (
              "—"
            )}
          </dd>
          <dt className="text-slate-500">{t("address")}</dt>
          <dd>{equipment.address ?? "—"}</dd>
        </dl>
      </header>

      {acs.state !== "ok" && (
        <p
          role={acs.state === "unavailable" ? "alert" : "status"}
          className="rounded border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
          data-testid="acs-state"
        >
          {t(`acs.${acs.state}`, { serial: equipment.serial })}
        </p>
      )}

      {device && <DeviceSections device={device} data={data} locale={locale} canAct={canAct} actions={actions} />}

      {device && (canAct || canPushFirmware) && (
        <div className="grid gap-4 lg:grid-cols-2">
          {canAct && (
            <Section title={t("actions.title")} testId="cpe-actions">
              <CpeActionButtons equipmentId={equipment.id} reboot={actions.reboot} refresh={actions.refresh} />
            </Section>
          )}
          <Section title={t("firmware.title")} testId="cpe-firmware">
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 px-4 py-3 text-sm">
              <dt className="text-slate-500">{t("firmware.software")}</dt>
              <dd>{device.firmware.softwareVersion ?? "—"}</dd>
              <dt className="text-slate-500">{t("firmware.hardware")}</dt>
              <dd>{device.firmware.hardwareVersion ?? "—"}</dd>
              <dt className="text-slate-500">{t("firmware.manufacturer")}</dt>
              <dd>{device.firmware.manufacturer ?? "—"}</dd>
              <dt className="text-slate-500">{t("firmware.record")}</dt>
              <dd>{equipment.firmware ?? "—"}</dd>
            </dl>
            {canPushFirmware && (
              <>
                <FirmwareForm equipmentId={equipment.id} files={data.firmwareFiles} push={actions.firmware} />
                <p className="px-4 pb-3 text-sm">
                  <Link href="/office/fleet" className="text-sky-700 underline">
                    {t("firmware.fleet")}
                  </Link>
                </p>
              </>
            )}
          </Section>
        </div>
      )}

      <Section title={t("tasks.title")} testId="cpe-tasks">
        <TaskList tasks={data.tasks} locale={locale} />
      </Section>
      <AutoRefresh active={data.tasks.some((task) => task.status === "queued")} label={t("following")} />
    </div>
  );
}
