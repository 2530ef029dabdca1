/**
 * Texts of dunning reminders and suspension notices, in the customer's language. Amounts and
 * dates are written as on the invoice ("86,22 $", "1er décembre 2026" / "$86.22", "December 1, 2026").
 * SMS stay within two GSM-7 segments: no-break spaces (which Intl puts in French amounts and
 * would switch the whole SMS to UCS-2, tripling its segments) become plain spaces.
 */
import { formatMoney } from "../../../lib/domain/billing/texts";

export type NoticeLocale = "fr" | "en";

export interface ReminderFacts {
  providerName: string;
  customerName: string;
  invoiceNumber: string;
  balanceCents: number;
  dueDate: string;
  reminder: number;
}

export interface SuspensionFacts {
  providerName: string;
  customerName: string;
  overdueCents: number;
}

export function spelledDate(locale: NoticeLocale, isoDate: string): string {
  const formatted = new Intl.DateTimeFormat(locale === "fr" ? "fr-CA" : "en-CA", {
    timeZone: "UTC",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(new Date(`${isoDate}T12:00:00Z`));
  return locale === "fr" ? formatted.replace(/^1 /, "1er ") : formatted;
}

export function reminderEmail(locale: NoticeLocale, f: ReminderFacts): { subject: string; text: string } {
  const amount = formatMoney(locale, f.balanceCents);
  const due = spelledDate(locale, f.dueDate);
  if (locale === "fr") {
    return {
      subject: `Rappel : facture ${f.invoiceNumber} en retard (${amount})`,
      text:
        `Bonjour ${f.customerName},\n\nLa facture ${f.invoiceNumber} était payable le ${due}. Le solde de ${amount} n'a pas encore été reçu.\n\n` +
        `Vous pouvez payer par carte dans votre espace client, par virement Interac ou par chèque. Si vous avez déjà payé, merci de ne pas tenir compte de ce rappel.\n\n${f.providerName}`,
    };
  }
  return {
    subject: `Reminder: invoice ${f.invoiceNumber} is overdue (${amount})`,
    text:
      `Hello ${f.customerName},\n\nInvoice ${f.invoiceNumber} was due on ${due}. The balance of ${amount} has not been received yet.\n\n` +
      `You can pay by card in your customer portal, by Interac e-Transfer or by cheque. If you have already paid, please disregard this reminder.\n\n${f.providerName}`,
  };
}

function smsMoney(locale: NoticeLocale, cents: number): string {
  return formatMoney(locale, cents).replace(/[\u00a0\u202f]/g, " ");
}

export function reminderSms(locale: NoticeLocale, f: ReminderFacts): string {
  const amount = smsMoney(locale, f.balanceCents);
  const due = spelledDate(locale, f.dueDate);
  return locale === "fr"
    ? `${f.providerName} : la facture ${f.invoiceNumber} (${amount}) était payable le ${due}. Payez dans votre espace client pour éviter une suspension du service.`
    : `${f.providerName}: invoice ${f.invoiceNumber} (${amount}) was due on ${due}. Pay in your customer portal to avoid a service suspension.`;
}

export function suspensionEmail(locale: NoticeLocale, f: SuspensionFacts): { subject: string; text: string } {
  const amount = formatMoney(locale, f.overdueCents);
  if (locale === "fr") {
    return {
      subject: "Votre service Internet est suspendu pour non-paiement",
      text:
        `Bonjour ${f.customerName},\n\nFaute de paiement, votre service est suspendu. Le solde en retard est de ${amount}.\n\n` +
        `Dès que le paiement est reçu, le service est rétabli automatiquement. Pour toute question, répondez à ce courriel.\n\n${f.providerName}`,
    };
  }
  return {
    subject: "Your Internet service is suspended for non-payment",
    text:
      `Hello ${f.customerName},\n\nAs payment was not received, your service is suspended. The overdue balance is ${amount}.\n\n` +
      `As soon as the payment is received, the service is restored automatically. For any question, reply to this email.\n\n${f.providerName}`,
  };
}

export function suspensionSms(locale: NoticeLocale, f: SuspensionFacts): string {
  const amount = smsMoney(locale, f.overdueCents);
  return locale === "fr"
    ? `${f.providerName} : votre service est suspendu pour un solde en retard de ${amount}. Il sera rétabli dès réception du paiement.`
    : `${f.providerName}: your service is suspended for an overdue balance of ${amount}. It will be restored as soon as payment is received.`;
}
