import { StaffShell } from "@/components/ui/staff-shell";
import { requireStaffPage } from "@/server/web/page-access";

const OFFICE_ROLES = ["admin", "billing", "support", "dispatcher"] as const;

export default async function OfficeLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requireStaffPage(OFFICE_ROLES, "/office");
  return <StaffShell staff={ctx.staff}>{children}</StaffShell>;
}
