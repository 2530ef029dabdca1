/**
 * "On my way": the SMS a customer gets when their technician sets off, with the ETA and the
 * tracking link. Sent through the outbound ledger with the key `job:<id>:on-my-way:sms`, so
 * a retried job, a replayed board edit, two instances or a job going en route twice send one
 * SMS. The link's token is made inside the ledger's send step: only the attempt that actually
 * sends mints one, and the SMS is the only place the token ever exists in clear.
 *
 * So the first link keeps working: an SMS Twilio may have taken (timeout, dropped connection)
 * is `unknown` in the ledger, and going en route again neither sends nor mints. A new token
 * replaces the link only on an attempt after a definite refusal (nobody got the first one), or
 * after a person decided the first SMS did not arrive (undecided-messages.ts).
 */
import { sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { trackingLinks } from "../../db/schema";
import { isSafeToRetrySms, toE164 } from "../../integrations/sms";
import type { ServiceDeps } from "../deps";
import { sendOnce, type SendOutcome } from "../messaging/outbound-ledger";
import { customerEta } from "../../../lib/domain/tracking/customer-eta";
import { linkExpiryFor } from "../../../lib/domain/tracking/link-state";
import { firstNameOf } from "../../../lib/domain/tracking/tracking-view";
import { jobTrackingFacts, type JobTrackingFacts } from "./job-facts";
import { onMyWaySms } from "./on-my-way-sms";
import { hashTrackingToken, newTrackingToken, trackingUrl } from "./tokens";
import { readSettings } from "../settings/settings";

export const onMyWayDedupeKey = (jobId: number) => `job:${jobId}:on-my-way:sms`;

export type OnMyWayOutcome =
  | { status: "skipped"; reason: string }
  | Exclude<SendOutcome, { status: "failed" }>
  /** retry: Twilio certainly did not take the message (isSafeToRetrySms), so the job may try again. */
  | { status: "failed"; messageId: number; error: string; retry: boolean };

/** Makes a new token for the job's link (creating the link) and returns it. */
async function mintToken(db: Database, facts: JobTrackingFacts, now: Date): Promise<string> {
  const token = newTrackingToken();
  const tokenHash = hashTrackingToken(token);
  await db
    .insert(trackingLinks)
    .values({ jobId: facts.jobId, tokenHash, expiresAt: linkExpiryFor(facts.status, now) })
    // An earlier attempt's token never reached anybody (that attempt failed): it is replaced.
    .onConflictDoUpdate({ target: trackingLinks.jobId, set: { tokenHash, updatedAt: sql`now()` } });
  return token;
}

export async function sendOnMyWay(
  deps: Pick<ServiceDeps, "db" | "config" | "sms">,
  jobId: number,
  options: { now?: Date } = {},
): Promise<OnMyWayOutcome> {
  const { db, config, sms } = deps;
  const facts = await jobTrackingFacts(db, jobId);
  if (!facts) return { status: "skipped", reason: `job ${jobId} does not exist` };
  // Queued when it went en route; by now it may be on site, done or back in the plan.
  if (facts.status !== "en_route")
    return { status: "skipped", reason: `job ${jobId} is ${facts.status}, no longer en route` };

  const now = options.now ?? new Date();
  const phone = facts.mobile ?? facts.phone;
  let retry = false;
  const outcome = await sendOnce(
    db,
    {
      dedupeKey: onMyWayDedupeKey(jobId),
      channel: "sms",
      recipient: phone ?? "",
      template: "on_my_way",
      language: facts.language,
      customerId: facts.customerId,
    },
    async (provider) => {
      if (!phone) throw new Error(`customer ${facts.customerId} has no mobile or phone number on file`);
      // A number that cannot be texted fails here, before a token is made for nothing.
      const to = toE164(phone);
      const token = await mintToken(db, facts, now);
      const eta = customerEta({
        status: facts.status,
        position: facts.position,
        destination: facts.destination,
        plannedStart: facts.plannedStart,
        now,
      });
      const body = onMyWaySms(facts.language, {
        providerName: (await readSettings(deps)).provider.name,
        technicianFirstName: firstNameOf(facts.technicianName),
        eta: eta?.at ?? null,
        link: trackingUrl(config.baseUrl, token),
      });
      try {
        return await provider(() => sms.send({ to, body }));
      } catch (error) {
        retry = isSafeToRetrySms(error);
        throw error;
      }
    },
  );
  return outcome.status === "failed" ? { ...outcome, retry } : outcome;
}
