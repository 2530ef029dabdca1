"use client";

import { useLocale, useTranslations } from "next-intl";
import { formatDate, formatMoney } from "@/components/ui/format";
import type { ChangePreview } from "@/lib/schemas/subscriptions";

/** The lines, taxes and total a change would invoice, before it is applied. */
export function ChangePreviewTable({ preview, stale }: { preview: ChangePreview; stale: boolean }) {
  const t = useTranslations("subscriptionChange");
  const tl = useTranslations("subscriptions.lineKind");
  const locale = useLocale();
  const money = (cents: number) => formatMoney(cents, locale);
  return (
    <div
      className={`rounded border ${stale ? "border-amber-300 opacity-60" : "border-slate-200"} bg-slate-50 p-3 text-sm`}
      data-testid="change-preview"
    >
      <p className="font-medium">
        {preview.documentKind
          ? t("previewTitle", {
              document: preview.documentKind === "credit-note" ? t("documentCreditNote") : t("documentInvoice"),
            })
          : t("noInvoice")}
        <span className="ml-2 font-normal text-slate-600">
          {t("effective", { date: formatDate(preview.effectiveDate, locale) })}
        </span>
      </p>
      {preview.lines.length > 0 && (
        <table className="mt-2 w-full">
          <tbody>
            {preview.lines.map((line, i) => (
              <tr key={i} className="border-t border-slate-200">
                <td className="py-1 pr-2 text-xs text-slate-500">{tl(line.kind)}</td>
                <td className="py-1 pr-2">{line.text}</td>
                <td className="py-1 text-right tabular-nums">{money(line.amountCents)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot className="[&_td]:py-0.5">
            <tr className="border-t border-slate-300">
              <td />
              <td className="text-right">{t("subtotal")}</td>
              <td className="text-right tabular-nums">{money(preview.subtotalCents)}</td>
            </tr>
            <tr>
              <td />
              <td className="text-right">{t("gst")}</td>
              <td className="text-right tabular-nums">{money(preview.gstCents)}</td>
            </tr>
            <tr>
              <td />
              <td className="text-right">{t("qst")}</td>
              <td className="text-right tabular-nums">{money(preview.qstCents)}</td>
            </tr>
            <tr className="font-semibold">
              <td />
              <td className="text-right">{t("total")}</td>
              <td className="text-right tabular-nums">{money(preview.totalCents)}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </div>
  );
}
