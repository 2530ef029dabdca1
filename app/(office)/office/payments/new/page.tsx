import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { PaymentForm } from "@/components/office/payments/payment-form";
import { BalanceSummary } from "@/components/office/payments/balance-summary";
import { localDate } from "@/lib/domain/quebec-dates";
import { callerFailure, callerFor, requireStaffPage } from "@/server/web/page-access";
import { recordPaymentAction } from "../actions";

export const dynamic = "force-dynamic";

type Params = { customerId?: string; invoiceId?: string; q?: string };

const positive = (value: string | undefined) =>
  value && /^\d{1,9}$/.test(value) && Number(value) > 0 ? Number(value) : undefined;

/** Without a customer, a search picks one; with one (or one of its invoices), the payment form. */
export default async function NewPaymentPage({ searchParams }: { searchParams: Promise<Params> }) {
  const ctx = await requireStaffPage("payments.write", "/office/payments/new");
  const params = await searchParams;
  const [t, locale] = [await getTranslations("payments"), await getLocale()];
  const caller = callerFor(ctx);
  const invoiceId = positive(params.invoiceId);
  const customerId = invoiceId ? undefined : positive(params.customerId);

  let open: Awaited<ReturnType<typeof caller.payments.suggestAllocation>> | null = null;
  let lookupError: string | null = null;
  if (invoiceId || customerId) {
    try {
      open = await caller.payments.suggestAllocation(
        invoiceId ? { invoiceId, amountCents: 0 } : { customerId, amountCents: 0 },
      );
    } catch (error) {
      if (callerFailure(error)?.code !== "NOT_FOUND") throw error;
      lookupError = invoiceId
        ? t("newPage.invoiceNotFound", { id: invoiceId })
        : t("newPage.customerNotFound", { id: customerId ?? 0 });
    }
  }
  const query = params.q?.trim() ?? "";
  const hits = !open && query.length >= 2 ? await caller.customers.search({ q: query, field: "any", limit: 15 }) : null;
  const balance = open ? await caller.payments.customerBalance({ customerId: open.customerId }) : null;

  return (
    <section className="space-y-4">
      <Link href="/office/payments" className="text-sm text-sky-700 hover:underline">
        ← {t("title")}
      </Link>
      <h1 className="text-2xl font-semibold">{t("newPage.title")}</h1>
      {lookupError && (
        <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {lookupError}
        </p>
      )}
      {open && balance ? (
        <>
          <p className="text-sm">
            {t("newPage.customerLabel")}{" "}
            <Link className="font-medium text-sky-800 hover:underline" href={`/office/customers/${open.customerId}`}>
              {open.customerName}
            </Link>{" "}
            <Link className="ml-2 text-xs text-sky-700 hover:underline" href="/office/payments/new">
              {t("newPage.otherCustomer")}
            </Link>
          </p>
          <BalanceSummary balance={balance} locale={locale} />
          <PaymentForm
            mode="record"
            submit={recordPaymentAction}
            locale={locale}
            customerId={open.customerId}
            invoices={open.invoices}
            today={localDate(new Date())}
            prefillInvoiceId={invoiceId}
          />
        </>
      ) : (
        <>
          <form action="/office/payments/new" className="flex flex-wrap items-end gap-2 text-sm" role="search">
            <label className="flex min-w-64 flex-col" htmlFor="customer-query">
              {t("newPage.findCustomer")}
              <input
                id="customer-query"
                name="q"
                defaultValue={query}
                minLength={2}
                required
                autoFocus
                className="rounded border border-slate-300 bg-white px-2 py-1.5"
                placeholder={t("newPage.findHint")}
              />
            </label>
            <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white">
              {t("newPage.search")}
            </button>
          </form>
          {hits && hits.length === 0 && <p className="text-sm text-slate-600">{t("newPage.noMatch", { q: query })}</p>}
          {hits && hits.length > 0 && (
            <ul
              className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm"
              data-testid="customer-hits"
            >
              {hits.map((hit) => (
                <li key={hit.id}>
                  <Link
                    href={`/office/payments/new?customerId=${hit.id}`}
                    className="block px-3 py-2 hover:bg-slate-50 focus-visible:bg-slate-50"
                  >
                    <span className="font-medium">{hit.displayName}</span>{" "}
                    <span className="text-slate-500">
                      {hit.legacyAccountId} · {hit.email ?? hit.phone ?? "—"}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
