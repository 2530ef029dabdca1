import { StaffShell } from "@/components/ui/staff-shell";
import { requireStaffPage } from "@/server/web/page-access";
import { switchLocale } from "@/app/actions/locale";

export default async function OfficeLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requireStaffPage("office.enter", "/office");
  return (
    <StaffShell staff={ctx.staff} switchLocale={switchLocale}>
      {children}
    </StaffShell>
  );
}
