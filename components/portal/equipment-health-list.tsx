import type { getTranslations } from "next-intl/server";
import { Empty, Section, Table } from "@/components/ui/section";
import { formatDateTime } from "@/components/ui/format";
import type { PortalEquipmentItem } from "@/lib/schemas/network";

type T = Awaited<ReturnType<typeof getTranslations>>;

const TONE: Record<string, string> = {
  online: "bg-emerald-100 text-emerald-800",
  good: "bg-emerald-100 text-emerald-800",
  weak: "bg-amber-100 text-amber-800",
  offline: "bg-rose-100 text-rose-800",
  bad: "bg-rose-100 text-rose-800",
};

function Words({ tone, children }: { tone: string; children: React.ReactNode }) {
  return (
    <span
      className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${TONE[tone] ?? "bg-slate-100 text-slate-700"}`}
    >
      {children}
    </span>
  );
}

/** The customer's devices in words: online or not, when last seen, signal good / weak / bad. Read-only. */
export function EquipmentHealthList({ items, locale, t }: { items: PortalEquipmentItem[]; locale: string; t: T }) {
  const p = (key: string) => t(`portalEquipment.${key}` as never);
  return (
    <Section title={p("title")} testId="portal-equipment">
      <p className="px-4 pt-3 text-sm text-slate-600">{p("intro")}</p>
      {items.length === 0 ? (
        <Empty>{p("empty")}</Empty>
      ) : (
        <Table head={[p("device"), p("address"), p("state"), p("lastSeen"), p("signal")]}>
          {items.map((item) => (
            <tr key={item.id} data-testid="portal-equipment-row">
              <td>
                {t(`equipmentKind.${item.kind}` as never)}
                <br />
                <span className="text-xs text-slate-500">
                  {item.model ?? ""} <span className="font-mono">{item.serial}</span>
                </span>
              </td>
              <td>{item.address}</td>
              <td>
                <Words tone={item.health.online}>{p(`online.${item.health.online}`)}</Words>
              </td>
              <td>{item.health.lastSeenAt ? formatDateTime(item.health.lastSeenAt, locale) : p("never")}</td>
              <td>
                <Words tone={item.health.signal}>{p(`signals.${item.health.signal}`)}</Words>
              </td>
            </tr>
          ))}
        </Table>
      )}
      <p className="px-4 pb-3 pt-2 text-xs text-slate-500">{p("help")}</p>
    </Section>
  );
}
