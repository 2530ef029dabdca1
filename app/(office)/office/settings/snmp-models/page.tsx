import { getLocale, getTranslations } from "next-intl/server";
import { Empty, Section, Table } from "@/components/ui/section";
import { formatDateTime } from "@/components/ui/format";
import { ModelOidForm } from "@/components/office/network/model-oid-form";
import { can } from "@/lib/domain/capabilities";
import { callerFor, requireStaffPage } from "@/server/web/page-access";
import { saveModelOidAction } from "./actions";

export const dynamic = "force-dynamic";

/** The per-model optical OID table: read by `network.read`, edited by `network.configure` (admin). */
export default async function SnmpModelsPage() {
  const ctx = await requireStaffPage("network.read", "/office/settings/snmp-models");
  const [t, locale] = [await getTranslations("network.oidTable"), await getLocale()];
  const rows = await callerFor(ctx).network.modelOids();
  const editable = can(ctx.staff.role, "network.configure");
  const labels = {
    model: t("model"),
    rx: t("rx"),
    tx: t("tx"),
    divisor: t("divisor"),
    divisorHint: t("divisorHint"),
    save: t("save"),
    saving: t("saving"),
  };
  return (
    <div className="space-y-4" data-testid="snmp-models">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("intro")}</p>
      <Section title={t("title")} aside={editable ? undefined : t("readOnly")}>
        {rows.length === 0 ? (
          <Empty>{t("empty")}</Empty>
        ) : editable ? (
          <div className="divide-y divide-slate-100">
            {rows.map((row) => (
              <ModelOidForm key={row.id} save={saveModelOidAction} row={row} labels={labels} />
            ))}
          </div>
        ) : (
          <Table head={[t("model"), t("rx"), t("tx"), t("divisor"), t("updatedAt")]}>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>{row.model}</td>
                <td className="font-mono text-xs">{row.rxPowerOid}</td>
                <td className="font-mono text-xs">{row.txPowerOid ?? "—"}</td>
                <td>{row.valueDivisor}</td>
                <td>{formatDateTime(row.updatedAt, locale)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Section>
      {editable && (
        <Section title={t("add")}>
          <ModelOidForm save={saveModelOidAction} row={null} labels={labels} />
        </Section>
      )}
    </div>
  );
}
