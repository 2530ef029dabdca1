import { router, createCallerFactory } from "./init";
import { customersRouter } from "../routers/customers";
import { ticketsRouter } from "../routers/tickets";
import { billingRouter } from "../routers/billing";
import { portalRouter } from "../routers/portal";
import { portalPayRouter } from "../routers/portal-pay";
import { portalProfileRouter } from "../routers/portal-profile";
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

export const appRouter = router({
  session: sessionRouter,
  customers: customersRouter,
  tickets: ticketsRouter,
  billing: billingRouter,
  portal: portalRouter,
  portalPay: portalPayRouter,
  portalProfile: portalProfileRouter,
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
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
