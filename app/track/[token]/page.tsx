import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import { messagesFor } from "@/i18n/catalog";
import { trackingLinkForPage } from "@/server/web/public-pages";
import { TrackingLive } from "@/components/tracking/tracking-live";
import type { TrackingSnapshot } from "@/components/tracking/use-tracking";

export const dynamic = "force-dynamic";

// The token in the URL is the credential: never indexed, never sent on as a Referer (map tiles will come).
export const metadata: Metadata = {
  title: "Suivi · Tracking",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

/**
 * The customer's "technician on the way" page, public (the token is the credential, no
 * sign-in), in the customer's language unless `?lang=` says otherwise. The first state is
 * rendered here; TrackingLive polls for the next ones. An expired link shows "expired" (its
 * JSON answers 410; a page cannot choose its status code in the App Router).
 */
export default async function TrackingPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<{ lang?: string | string[] }>;
}) {
  const [{ token }, { lang }] = await Promise.all([params, searchParams]);
  const now = new Date();
  const found = await trackingLinkForPage(token, now);
  if (found.kind === "not-found") notFound();
  const locale = lang === "fr" || lang === "en" ? lang : found.language;
  const initial: TrackingSnapshot =
    found.kind === "active" ? { state: "active", view: found.view } : { state: "expired" };
  const messages = { tracking: messagesFor(locale).tracking } as AbstractIntlMessages;
  return (
    <div lang={locale}>
      <NextIntlClientProvider locale={locale} messages={messages} timeZone="America/Toronto">
        <TrackingLive
          token={token}
          initial={initial}
          initialNow={now.toISOString()}
          otherLanguageHref={`?lang=${locale === "fr" ? "en" : "fr"}`}
        />
      </NextIntlClientProvider>
    </div>
  );
}
