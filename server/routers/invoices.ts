import { router } from "../trpc/init";

/** Invoice list, detail, PDF and email delivery (issue 6). */
export const invoicesRouter = router({});
