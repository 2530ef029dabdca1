import type { Viewport } from "next";
import { TechShell } from "@/components/tech/tech-shell";
import { requireStaffPage } from "@/server/web/page-access";
import { switchLocale } from "@/app/actions/locale";

export const viewport: Viewport = {
  themeColor: "#075985",
  width: "device-width",
  initialScale: 1,
  viewportFit: "cover",
};

export default async function TechLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requireStaffPage("tech.work", "/tech");
  return (
    <TechShell staff={ctx.staff} switchLocale={switchLocale}>
      {children}
    </TechShell>
  );
}
