import { router, createCallerFactory } from "./init";
import { customersRouter } from "../routers/customers";
import { ticketsRouter } from "../routers/tickets";
import { billingRouter } from "../routers/billing";
import { portalRouter } from "../routers/portal";
import { sessionRouter } from "../routers/session";
import { dispatchRouter } from "../routers/dispatch";

export const appRouter = router({
  session: sessionRouter,
  customers: customersRouter,
  tickets: ticketsRouter,
  billing: billingRouter,
  portal: portalRouter,
  dispatch: dispatchRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
