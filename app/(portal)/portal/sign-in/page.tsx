import { SignInPage } from "@/components/auth/sign-in-page";
import { EmailLinkForm } from "@/components/portal/email-link-form";
import { switchLocale } from "@/app/actions/locale";

export const dynamic = "force-dynamic";

export default async function CustomerSignIn({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; error?: string }>;
}) {
  const { next, error } = await searchParams;
  return (
    <SignInPage realm="customer" next={next ?? null} ssoEnabled={false} switchLocale={switchLocale}>
      {/* A magic link that expired or was used comes back here with ?error=INVALID_TOKEN. */}
      <EmailLinkForm refusedLink={error !== undefined} />
    </SignInPage>
  );
}
