import { SignInPage } from "@/components/auth/sign-in-page";
import { staffSsoEnabled } from "@/server/web/public-pages";
import { switchLocale } from "@/app/actions/locale";

export const dynamic = "force-dynamic";

export default async function StaffSignIn({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return (
    <SignInPage realm="staff" next={next ?? null} ssoEnabled={await staffSsoEnabled()} switchLocale={switchLocale} />
  );
}
