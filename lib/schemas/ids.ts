import { z } from "zod";

/** The largest value of a Postgres `integer`, the type of every serial id in the schema. */
export const MAX_RECORD_ID = 2_147_483_647;

/**
 * A record id as tRPC inputs take it: a whole number 1..2147483647. Without the upper bound an id
 * past Postgres's `integer` reaches the query and fails there instead of being refused as input.
 * Route params parse the same range from text (`idParam`, server/web/route-handler.ts).
 */
export const recordId = z
  .number({ error: "errors.input.recordId" })
  .int({ error: "errors.input.recordId" })
  .min(1, { error: "errors.input.recordId" })
  .max(MAX_RECORD_ID, { error: "errors.input.recordId" });
