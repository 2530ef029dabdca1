import { StaffShell } from "@/components/ui/staff-shell";
import { requireStaffPage } from "@/server/web/page-access";

export default async function TechLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requireStaffPage(["admin", "technician"], "/tech");
  return <StaffShell staff={ctx.staff}>{children}</StaffShell>;
}
