import { router, createCallerFactory } from "./init";
import { customersRouter } from "../routers/customers";
import { ticketsRouter } from "../routers/tickets";
import { billingRouter } from "../routers/billing";
import { portalRouter } from "../routers/portal";
import { sessionRouter } from "../routers/session";
import { dispatchRouter } from "../routers/dispatch";
import { invoicesRouter } from "../routers/invoices";
import { cardPaymentsRouter } from "../routers/card-payments";
import { paymentsRouter } from "../routers/payments";
import { subscriptionsRouter } from "../routers/subscriptions";

export const appRouter = router({
  session: sessionRouter,
  customers: customersRouter,
  tickets: ticketsRouter,
  billing: billingRouter,
  portal: portalRouter,
  dispatch: dispatchRouter,
  invoices: invoicesRouter,
  cardPayments: cardPaymentsRouter,
  payments: paymentsRouter,
  subscriptions: subscriptionsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
