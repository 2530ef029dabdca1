import { router } from "../trpc/init";

/** Stripe card and pre-authorized payments, refunds (issue 6). */
export const cardPaymentsRouter = router({});
