import { SignInPage } from "@/components/auth/sign-in-page";
import { getRuntime } from "@/server/runtime";
import { switchLocale } from "@/app/actions/locale";

export const dynamic = "force-dynamic";

export default async function StaffSignIn({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const runtime = await getRuntime();
  return <SignInPage realm="staff" next={next ?? null} ssoEnabled={runtime.config.oidc !== null} switchLocale={switchLocale} />;
}
