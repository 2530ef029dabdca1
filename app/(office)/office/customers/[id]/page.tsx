import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { CustomerOverview } from "@/components/office/customer-overview";
import { CustomerJobs } from "@/components/office/customer-jobs";
import { can } from "@/lib/domain/capabilities";
import { callerFor, orNotFound, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

export default async function Customer360Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requireStaffPage("customers.read", `/office/customers/${id}`);
  const customerId = Number(id);
  if (!Number.isSafeInteger(customerId) || customerId <= 0) notFound();
  const data = await orNotFound(callerFor(ctx).customers.get360({ customerId }));
  const [locale, t] = [await getLocale(), await getTranslations()];
  // Their visits, each linked to its full record, for those who read job records.
  const jobs = can(ctx.staff.role, "jobs.read") ? await callerFor(ctx).jobs.ofCustomer({ customerId }) : null;
  return (
    <>
      <CustomerOverview data={data} locale={locale} t={t} />
      {jobs ? <CustomerJobs jobs={jobs} locale={locale} t={t} /> : null}
    </>
  );
}
