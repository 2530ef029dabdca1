import { z } from "zod";
import { isIsoDate } from "../domain/dispatch-day";

export const dispatchDayInput = z.object({
  date: z.string().refine(isIsoDate, { message: "Date must be YYYY-MM-DD / La date doit être AAAA-MM-JJ" }),
});
