import { router } from "../trpc/init";

/** Manual payments and allocation, balances, aging, dunning (issue 6). */
export const paymentsRouter = router({});
