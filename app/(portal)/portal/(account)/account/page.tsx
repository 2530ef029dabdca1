import { getLocale, getTranslations } from "next-intl/server";
import { ProfileForm } from "@/components/portal/account-forms";
import { callerFor, requireCustomerPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

export default async function PortalAccountPage({
  searchParams,
}: {
  searchParams: Promise<{ emailChanged?: string; error?: string }>;
}) {
  const ctx = await requireCustomerPage();
  const profile = await callerFor(ctx).portalProfile.get();
  const { emailChanged, error } = await searchParams;
  const [t, locale] = [await getTranslations("portalAccount"), await getLocale()];
  const dates = Object.fromEntries(
    [profile.consents.email.recordedAt, profile.consents.sms.recordedAt]
      .filter((d): d is Date => d !== null)
      .map((d) => [d.toISOString(), d.toLocaleDateString(locale === "en" ? "en-CA" : "fr-CA")]),
  );
  return (
    <div className="mx-auto max-w-xl space-y-4" data-testid="portal-profile">
      <h1 className="text-2xl font-semibold">{t("account.title")}</h1>
      {error ? (
        <p role="alert" className="rounded bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {t("errors.linkRefused")}
        </p>
      ) : emailChanged ? (
        <p role="status" className="rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          {t("account.emailChanged")}
        </p>
      ) : null}
      <ProfileForm
        dateOf={dates}
        profile={{
          ...profile,
          consents: {
            email: {
              granted: profile.consents.email.granted,
              recordedAt: profile.consents.email.recordedAt?.toISOString() ?? null,
            },
            sms: {
              granted: profile.consents.sms.granted,
              recordedAt: profile.consents.sms.recordedAt?.toISOString() ?? null,
            },
          },
        }}
      />
    </div>
  );
}
