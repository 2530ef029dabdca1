import { z } from "zod";
import { recordId } from "./ids";
import { isIsoDate } from "../domain/quebec-dates";

export const dispatchDayInput = z.object({
  date: z.string().refine(isIsoDate, { message: "errors.input.calendarDate" }),
});

export const JOB_KINDS = ["install", "repair", "removal", "move", "maintenance", "survey"] as const;

export const createJobInput = z
  .object({
    locationId: recordId,
    ticketId: recordId.optional(),
    kind: z.enum(JOB_KINDS),
    title: z.string().trim().min(3, { message: "errors.input.jobTitle" }).max(200),
    notes: z.string().trim().max(2000).optional(),
    priority: z.number().int().min(1).max(5).default(3),
    durationMin: z.number().int().min(15).max(720).multipleOf(15, { message: "errors.input.durationSteps" }),
    windowStart: z.iso.datetime({ offset: true }),
    windowEnd: z.iso.datetime({ offset: true }),
    skills: z.array(z.string().min(1).max(50)).max(10).default([]),
  })
  .refine((v) => Date.parse(v.windowEnd) > Date.parse(v.windowStart), {
    message: "errors.input.windowOrder",
    path: ["windowEnd"],
  });
export type CreateJobInput = z.infer<typeof createJobInput>;

export const proposePlanInput = z
  .object({
    date: z.string().refine(isIsoDate, { message: "errors.input.calendarDate" }),
    /** `replan`: the rest of the day from where the technicians are, changing as little as it can. */
    scope: z.enum(["all", "unlocked", "region", "replan"]).default("all"),
    /** A region tag's code, for scope `region`. */
    region: z.string().trim().min(1).max(50).optional(),
  })
  .refine((v) => v.scope !== "region" || v.region !== undefined, {
    message: "errors.input.regionRequired",
    path: ["region"],
  });
export type ProposePlanInput = z.infer<typeof proposePlanInput>;

/** An instant as the history page's URL carries it (ISO 8601 with its offset). */
const historyInstant = z.iso
  .datetime({ offset: true, message: "errors.input.instant" })
  .transform((at) => new Date(at));

export const boardHistoryAtInput = dispatchDayInput.extend({ at: historyInstant });
export const boardHistoryDiffInput = dispatchDayInput.extend({ from: historyInstant, to: historyInstant });
export const boardHistoryEditsInput = dispatchDayInput.extend({
  /** The cursor: the last update id of the previous page (0 for the first). */
  afterId: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
