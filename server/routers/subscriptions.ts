import { router } from "../trpc/init";

/** Subscriptions, their changes with a proration preview, revenue by plan (issue 6). */
export const subscriptionsRouter = router({});
