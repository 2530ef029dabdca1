import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { formatMoney } from "@/components/ui/format";
import { callerFailure, callerFor, requireCustomerPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

const SESSION_ID = /^cs_[A-Za-z0-9_]{1,200}$/;

/**
 * Where Stripe sends the customer back. The session is looked up by its id among the signed-in
 * customer's own; a forged or foreign id gets a sentence and changes nothing. The outcome is
 * pending until the webhook lands: the page reloads itself every few seconds until then.
 */
export default async function PortalPayReturnPage({
  searchParams,
}: {
  searchParams: Promise<{ session_id?: string }>;
}) {
  const ctx = await requireCustomerPage();
  const { session_id: sessionId = "" } = await searchParams;
  const [t, te, locale] = [await getTranslations("portalPay"), await getTranslations("errors"), await getLocale()];
  const back = (
    <Link href="/portal/pay" className="text-sm text-sky-800 hover:underline">
      ← {t("back")}
    </Link>
  );
  let outcome = null;
  if (SESSION_ID.test(sessionId)) {
    try {
      outcome = await callerFor(ctx).portalPay.checkout({ sessionId });
    } catch (error) {
      const code = callerFailure(error)?.code;
      if (code !== "NOT_FOUND" && code !== "BAD_REQUEST") throw error;
    }
  }
  if (!outcome) {
    return (
      <div className="mx-auto max-w-2xl space-y-4" data-testid="portal-pay-return">
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3" data-testid="portal-pay-outcome">
          {te("notFound.checkoutSession")}
        </p>
        {back}
      </div>
    );
  }
  const amount = outcome.amountCents === null ? "" : formatMoney(outcome.amountCents, locale);
  const text =
    outcome.status === "paid"
      ? outcome.invoiceNumber
        ? t("outcome.paidInvoice", { amount, invoice: outcome.invoiceNumber })
        : t("outcome.paidBalance", { amount })
      : outcome.status === "enrolled"
        ? t("outcome.enrolled")
        : outcome.status === "failed"
          ? t(outcome.mode === "setup" ? "outcome.setupFailed" : "outcome.failed")
          : t(outcome.mode === "setup" ? "outcome.setupPending" : "outcome.pending");
  return (
    <div className="mx-auto max-w-2xl space-y-4" data-testid="portal-pay-return">
      {/* No script needed: the browser reloads while Stripe's confirmation is on its way. */}
      {outcome.status === "pending" && <meta httpEquiv="refresh" content="3" />}
      <h1 className="text-2xl font-semibold">{t("outcome.title")}</h1>
      <p
        role="status"
        data-testid="portal-pay-outcome"
        data-status={outcome.status}
        className="rounded border border-slate-200 bg-white p-4 text-lg"
      >
        {text}
      </p>
      {outcome.invoiceId && (
        <Link href={`/portal/invoices/${outcome.invoiceId}`} className="block text-sm text-sky-800 hover:underline">
          {t("seeInvoice")}
        </Link>
      )}
      {back}
    </div>
  );
}
