import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { CustomerOverview } from "@/components/office/customer-overview";
import { callerFor, orNotFound, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

export default async function Customer360Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requireStaffPage("customers.read", `/office/customers/${id}`);
  const customerId = Number(id);
  if (!Number.isSafeInteger(customerId) || customerId <= 0) notFound();
  const data = await orNotFound(callerFor(ctx).customers.get360({ customerId }));
  const [locale, t] = [await getLocale(), await getTranslations()];
  return <CustomerOverview data={data} locale={locale} t={t} />;
}
