import { router, createCallerFactory } from "./init";
import { customersRouter } from "../routers/customers";
import { ticketsRouter } from "../routers/tickets";
import { billingRouter } from "../routers/billing";
import { portalRouter } from "../routers/portal";
import { portalPayRouter } from "../routers/portal-pay";
import { portalProfileRouter } from "../routers/portal-profile";
import { portalPlansRouter } from "../routers/portal-plans";
import { portalVisitsRouter } from "../routers/portal-visits";
import { portalDocumentsRouter } from "../routers/portal-documents";
import { portalTicketsRouter } from "../routers/portal-tickets";
import { sessionRouter } from "../routers/session";
import { dispatchRouter } from "../routers/dispatch";
import { techRouter } from "../routers/tech";
import { invoicesRouter } from "../routers/invoices";
import { cardPaymentsRouter } from "../routers/card-payments";
import { paymentsRouter } from "../routers/payments";
import { subscriptionsRouter } from "../routers/subscriptions";
import { checklistsRouter } from "../routers/checklists";
import { auditRouter } from "../routers/audit";
import { staffRouter } from "../routers/staff";
import { networkRouter, portalEquipmentRouter } from "../routers/network";
import { settingsRouter } from "../routers/settings";
import { jobsRouter } from "../routers/jobs";
import { acsRouter } from "../routers/acs";
import { portalWifiRouter } from "../routers/portal-wifi";
import { acsFleetRouter } from "../routers/acs-fleet";

export const appRouter = router({
  session: sessionRouter,
  customers: customersRouter,
  tickets: ticketsRouter,
  billing: billingRouter,
  portal: portalRouter,
  portalPay: portalPayRouter,
  portalProfile: portalProfileRouter,
  portalPlans: portalPlansRouter,
  portalVisits: portalVisitsRouter,
  portalDocuments: portalDocumentsRouter,
  portalTickets: portalTicketsRouter,
  dispatch: dispatchRouter,
  tech: techRouter,
  invoices: invoicesRouter,
  cardPayments: cardPaymentsRouter,
  payments: paymentsRouter,
  subscriptions: subscriptionsRouter,
  checklists: checklistsRouter,
  audit: auditRouter,
  staff: staffRouter,
  network: networkRouter,
  portalEquipment: portalEquipmentRouter,
  settings: settingsRouter,
  jobs: jobsRouter,
  acs: acsRouter,
  portalWifi: portalWifiRouter,
  acsFleet: acsFleetRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
