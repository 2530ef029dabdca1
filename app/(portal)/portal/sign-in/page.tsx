import { SignInPage } from "@/components/auth/sign-in-page";
import { switchLocale } from "@/app/actions/locale";

export const dynamic = "force-dynamic";

export default async function CustomerSignIn({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return <SignInPage realm="customer" next={next ?? null} ssoEnabled={false} switchLocale={switchLocale} />;
}
