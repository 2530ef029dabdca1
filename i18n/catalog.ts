import type { Locale } from "./request";
import coreFr from "../messages/fr.json";
import coreEn from "../messages/en.json";
import billingRunFr from "../messages/billing-run/fr.json";
import billingRunEn from "../messages/billing-run/en.json";
import invoicesFr from "../messages/invoices/fr.json";
import invoicesEn from "../messages/invoices/en.json";
import cardPaymentsFr from "../messages/card-payments/fr.json";
import cardPaymentsEn from "../messages/card-payments/en.json";
import paymentsFr from "../messages/payments/fr.json";
import paymentsEn from "../messages/payments/en.json";
import subscriptionsFr from "../messages/subscriptions/fr.json";
import subscriptionsEn from "../messages/subscriptions/en.json";
import mapFr from "../messages/map/fr.json";
import mapEn from "../messages/map/en.json";
import trackingFr from "../messages/tracking/fr.json";
import trackingEn from "../messages/tracking/en.json";
import checklistsFr from "../messages/checklists/fr.json";
import checklistsEn from "../messages/checklists/en.json";
import techAppFr from "../messages/tech/fr.json";
import techAppEn from "../messages/tech/en.json";
import auditFr from "../messages/audit/fr.json";
import auditEn from "../messages/audit/en.json";
import staffFr from "../messages/staff/fr.json";
import staffEn from "../messages/staff/en.json";
import portalPayFr from "../messages/portal-pay/fr.json";
import portalPayEn from "../messages/portal-pay/en.json";
import errorsFr from "../messages/errors/fr.json";
import errorsEn from "../messages/errors/en.json";
import portalAccountFr from "../messages/portal-account/fr.json";
import portalAccountEn from "../messages/portal-account/en.json";
import boardHistoryFr from "../messages/board-history/fr.json";
import boardHistoryEn from "../messages/board-history/en.json";
import networkFr from "../messages/network/fr.json";
import networkEn from "../messages/network/en.json";
import settingsFr from "../messages/settings/fr.json";
import settingsEn from "../messages/settings/en.json";
import jobRecordFr from "../messages/job-record/fr.json";
import jobRecordEn from "../messages/job-record/en.json";
import portalServicesFr from "../messages/portal-services/fr.json";
import portalServicesEn from "../messages/portal-services/en.json";
import networkRemoteFr from "../messages/network-remote/fr.json";
import networkRemoteEn from "../messages/network-remote/en.json";
import portalCareFr from "../messages/portal-care/fr.json";
import portalCareEn from "../messages/portal-care/en.json";
import deskFr from "../messages/desk/fr.json";
import deskEn from "../messages/desk/en.json";
import ticketListFr from "../messages/ticket-list/fr.json";
import ticketListEn from "../messages/ticket-list/en.json";
import smsInboxFr from "../messages/sms-inbox/fr.json";
import smsInboxEn from "../messages/sms-inbox/en.json";
import emailInboxFr from "../messages/email-inbox/fr.json";
import emailInboxEn from "../messages/email-inbox/en.json";

/**
 * Messages are split by area (messages/<area>/<locale>.json, each holding its own top-level
 * namespaces) so that work on one area does not edit another's file. A namespace must live in
 * one file only: lib/messages.test.ts checks it.
 */
export const MESSAGE_CATALOGS: Record<Locale, Array<Record<string, unknown>>> = {
  fr: [
    coreFr,
    billingRunFr,
    invoicesFr,
    cardPaymentsFr,
    paymentsFr,
    subscriptionsFr,
    mapFr,
    trackingFr,
    checklistsFr,
    techAppFr,
    auditFr,
    staffFr,
    portalPayFr,
    errorsFr,
    portalAccountFr,
    boardHistoryFr,
    networkFr,
    settingsFr,
    jobRecordFr,
    portalServicesFr,
    networkRemoteFr,
    portalCareFr,
    deskFr,
    ticketListFr,
    smsInboxFr,
    emailInboxFr,
  ],
  en: [
    coreEn,
    billingRunEn,
    invoicesEn,
    cardPaymentsEn,
    paymentsEn,
    subscriptionsEn,
    mapEn,
    trackingEn,
    checklistsEn,
    techAppEn,
    auditEn,
    staffEn,
    portalPayEn,
    errorsEn,
    portalAccountEn,
    boardHistoryEn,
    networkEn,
    settingsEn,
    jobRecordEn,
    portalServicesEn,
    networkRemoteEn,
    portalCareEn,
    deskEn,
    ticketListEn,
    smsInboxEn,
    emailInboxEn,
  ],
};

export function messagesFor(locale: Locale): Record<string, unknown> {
  return Object.assign({}, ...MESSAGE_CATALOGS[locale]) as Record<string, unknown>;
}
