import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { EquipmentRecordView } from "@/components/office/network/equipment-record-view";
import { can } from "@/lib/domain/capabilities";
import { callerFor, orNotFound, requireStaffPage } from "@/server/web/page-access";
import { diagnoseEquipmentAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function EquipmentRecordPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requireStaffPage("network.read", `/office/equipment/${id}`);
  const equipmentId = Number(id);
  if (!Number.isSafeInteger(equipmentId) || equipmentId <= 0 || equipmentId > 2_147_483_647) notFound();
  const data = await orNotFound(callerFor(ctx).network.equipment({ equipmentId }));
  const [locale, t] = [await getLocale(), await getTranslations()];
  return (
    <EquipmentRecordView
      data={data}
      locale={locale}
      t={t}
      diagnose={can(ctx.staff.role, "network.probe") ? diagnoseEquipmentAction : null}
    />
  );
}
