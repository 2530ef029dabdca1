import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AcceptInvitationForm } from "@/components/office/staff/accept-invitation-form";
import { ADMIN_PASSWORD_MIN_LENGTH } from "@/server/services/staff/create-admin";
import { actionError } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";
import { acceptInvitationAction } from "./actions";

export const dynamic = "force-dynamic";

// The token in the URL is the credential: never indexed, never sent on as a Referer.
export const metadata: Metadata = {
  title: "Invitation · Fibre Ops",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

/**
 * Public page of an invitation link: the invited person chooses a password (same rule as
 * admin:create); a used, expired or replaced link shows why it cannot be used, in a sentence.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let invitation: { name: string; email: string; language: "fr" | "en" };
  try {
    invitation = await callerFor(await pageContext()).staff.invitation({ token });
  } catch (error) {
    const t = await getTranslations("staff.invitation");
    return (
      <main className="mx-auto max-w-md space-y-3 p-6" data-testid="invitation-refused">
        <h1 className="text-xl font-semibold">{t("invalidTitle")}</h1>
        <p role="alert" className="text-sm text-rose-700">
          {(await actionError(error, "invitation page")).message}
        </p>
      </main>
    );
  }
  // In the invited person's language, whatever the browser's.
  const t = await getTranslations({ locale: invitation.language, namespace: "staff.invitation" });
  return (
    <main className="mx-auto max-w-md space-y-3 p-6" lang={invitation.language} data-testid="invitation-page">
      <h1 className="text-xl font-semibold">{t("title")}</h1>
      <p className="text-sm text-slate-700">
        {t("intro", { name: invitation.name, email: invitation.email, min: ADMIN_PASSWORD_MIN_LENGTH })}
      </p>
      <AcceptInvitationForm
        accept={acceptInvitationAction}
        token={token}
        minLength={ADMIN_PASSWORD_MIN_LENGTH}
        labels={{
          password: t("password"),
          confirm: t("confirm"),
          submit: t("submit"),
          saving: t("saving"),
          signIn: t("signIn"),
        }}
      />
    </main>
  );
}
