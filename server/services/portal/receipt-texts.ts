/** The receipt emailed after a portal card payment, in the customer's language (customers.language). */
import { formatMoney } from "../../../lib/domain/billing/texts";

export function receiptEmail(input: {
  locale: "fr" | "en";
  name: string;
  amountCents: number;
  invoiceNumber: string | null;
  paymentId: number;
  providerName: string;
}): { subject: string; text: string } {
  const { locale, name, invoiceNumber, paymentId, providerName } = input;
  const amount = formatMoney(locale, input.amountCents);
  if (locale === "en") {
    return {
      subject: `Payment receipt — ${providerName}`,
      text: [
        `Hello ${name},`,
        "",
        invoiceNumber
          ? `We received your card payment of ${amount} for invoice ${invoiceNumber}. Thank you.`
          : `We received your card payment of ${amount} toward your balance. Thank you.`,
        "",
        `Receipt number: ${paymentId}`,
        "You can see your invoices and payments in your customer portal.",
      ].join("\n"),
    };
  }
  return {
    subject: `Reçu de paiement — ${providerName}`,
    text: [
      `Bonjour ${name},`,
      "",
      invoiceNumber
        ? `Nous avons reçu votre paiement par carte de ${amount} pour la facture ${invoiceNumber}. Merci.`
        : `Nous avons reçu votre paiement par carte de ${amount} sur votre solde. Merci.`,
      "",
      `Numéro de reçu : ${paymentId}`,
      "Vos factures et paiements sont dans votre portail client.",
    ].join("\n"),
  };
}
