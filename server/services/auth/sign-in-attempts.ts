import { and, eq, lt, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { signInAttempts } from "../../db/schema";

/** One counter: at most `max` attempts in a window of `windowSeconds` opened by the first one. */
export interface AttemptLimit {
  key: string;
  max: number;
  windowSeconds: number;
}

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Rows whose window ended this long ago are deleted as attempts come in. */
const KEEP_ENDED_WINDOWS_MS = 60 * 60 * 1000;

/**
 * Counts one attempt against every limit, atomically per key (an upsert), and refuses when any
 * counter is past its maximum. The attempt is counted before the password is checked, so that many
 * attempts sent at once cannot all pass before the first failure is written; a success gives its
 * attempt back (`forgiveSignInAttempt`). The counters live in the database, so every instance of
 * the app reads and writes the same ones.
 */
export async function countSignInAttempt(db: Queryable, limits: AttemptLimit[], now: Date): Promise<AttemptVerdict> {
  const at = sql`${now.toISOString()}::timestamptz`;
  let retryAfterSeconds = 0;
  for (const limit of limits) {
    const windowEnd = new Date(now.getTime() + limit.windowSeconds * 1000);
    const ends = sql`${windowEnd.toISOString()}::timestamptz`;
    const [row] = await db
      .insert(signInAttempts)
      .values({ key: limit.key, attempts: 1, windowEndsAt: windowEnd })
      .onConflictDoUpdate({
        target: signInAttempts.key,
        set: {
          attempts: sql`case when ${signInAttempts.windowEndsAt} <= ${at} then 1 else ${signInAttempts.attempts} + 1 end`,
          windowEndsAt: sql`case when ${signInAttempts.windowEndsAt} <= ${at} then ${ends} else ${signInAttempts.windowEndsAt} end`,
        },
      })
      .returning();
    if (row && row.attempts > limit.max) {
      const seconds = Math.max(1, Math.ceil((row.windowEndsAt.getTime() - now.getTime()) / 1000));
      retryAfterSeconds = Math.max(retryAfterSeconds, seconds);
    }
  }
  await db
    .delete(signInAttempts)
    .where(lt(signInAttempts.windowEndsAt, new Date(now.getTime() - KEEP_ENDED_WINDOWS_MS)));
  return retryAfterSeconds > 0 ? { allowed: false, retryAfterSeconds } : { allowed: true };
}

/**
 * A successful sign-in is not a guess: its attempt is given back to each `returned` counter, and
 * the `cleared` counters (the account's own failures) start again from zero.
 */
export async function forgiveSignInAttempt(
  db: Queryable,
  counters: { returned: string[]; cleared: string[] },
): Promise<void> {
  for (const key of counters.returned)
    await db
      .update(signInAttempts)
      .set({ attempts: sql`greatest(${signInAttempts.attempts} - 1, 0)` })
      .where(and(eq(signInAttempts.key, key)));
  for (const key of counters.cleared) await db.delete(signInAttempts).where(eq(signInAttempts.key, key));
}
