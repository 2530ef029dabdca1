import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { CpeRemoteView } from "@/components/office/network/cpe-remote-view";
import { can } from "@/lib/domain/capabilities";
import { callerFor, orNotFound, requireStaffPage } from "@/server/web/page-access";
import { firmwareAction, rebootAction, refreshAction, wifiAction } from "./actions";

export const dynamic = "force-dynamic";

/** One device's live state through the ACS (TR-069), with its remote actions and where they stand. */
export default async function EquipmentRemotePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requireStaffPage("cpe.remote.read", `/office/equipment/${id}/remote`);
  const equipmentId = Number(id);
  if (!Number.isSafeInteger(equipmentId) || equipmentId <= 0 || equipmentId > 2_147_483_647) notFound();
  const data = await orNotFound(callerFor(ctx).acs.device({ equipmentId }));
  const [locale, t] = [await getLocale(), await getTranslations("cpeRemote")];
  return (
    <div className="space-y-4" data-testid="cpe-remote">
      <p className="text-sm">
        <Link href={`/office/equipment/${equipmentId}`} className="text-sky-700 underline">
          ← {t("back")}
        </Link>
      </p>
      <CpeRemoteView
        data={data}
        locale={locale}
        canAct={can(ctx.staff.role, "cpe.remote.act")}
        canPushFirmware={can(ctx.staff.role, "cpe.firmware")}
        actions={{ reboot: rebootAction, refresh: refreshAction, wifi: wifiAction, firmware: firmwareAction }}
      />
    </div>
  );
}
