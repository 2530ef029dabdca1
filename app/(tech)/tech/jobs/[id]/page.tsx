import { notFound } from "next/navigation";
import { TechApp } from "@/components/tech/tech-app";
import { requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

/** One job of the day: the same app as /tech, opened on the job (its data is on the phone). */
export default async function TechnicianJob({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requireStaffPage("tech.work", `/tech/jobs/${id}`);
  if (!/^\d{1,9}$/.test(id)) notFound();
  return <TechApp userId={ctx.staff.userId} />;
}
