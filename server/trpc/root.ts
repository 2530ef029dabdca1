import { router, createCallerFactory } from "./init";
import { customersRouter } from "../routers/customers";
import { ticketsRouter } from "../routers/tickets";
import { billingRouter } from "../routers/billing";
import { portalRouter } from "../routers/portal";
import { portalPayRouter } from "../routers/portal-pay";
import { portalProfileRouter } from "../routers/portal-profile";
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
  dispatch: dispatchRouter,
  tech: techRouter,
  invoices: invoicesRouter,
  cardPayments: cardPaymentsRouter,
  payments: paymentsRouter,
  subscriptions: subscriptionsRouter,
  checklists: checklistsRouter,
  audit: auditRouter,
  staff: staffRouter,
  acs: acsRouter,
  portalWifi: portalWifiRouter,
  acsFleet: acsFleetRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
