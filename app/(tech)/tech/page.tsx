import { TechApp } from "@/components/tech/tech-app";
import { requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

/** The technician's day; the data comes from the phone (IndexedDB) and tech.day, so it opens offline. */
export default async function TechnicianHome() {
  const ctx = await requireStaffPage("tech.work", "/tech");
  return <TechApp userId={ctx.staff.userId} />;
}
