/**
 * The public side of a tracking link, for the page and its JSON: found by the token's hash,
 * expired by the rules of lib/domain/tracking/link-state, shown as lib/domain/tracking's view
 * (nothing about the customer). Reads only: an unknown, forged or expired token changes nothing.
 */
import type { Queryable } from "../../db/client";
import { linkState } from "../../../lib/domain/tracking/link-state";
import { trackingView, type TrackingView } from "../../../lib/domain/tracking/tracking-view";
import { jobTrackingFactsByTokenHash, type JobTrackingFacts } from "./job-facts";
import { hashTrackingToken, isWellFormedToken } from "./tokens";

export type TrackingLookup =
  | { kind: "not-found" }
  /** The language is the page's, never part of the JSON. */
  | { kind: "expired"; language: "fr" | "en" }
  | { kind: "active"; language: "fr" | "en"; view: TrackingView };

export async function readTrackingLink(db: Queryable, token: string, now: Date): Promise<TrackingLookup> {
  if (!isWellFormedToken(token)) return { kind: "not-found" };
  const facts = await jobTrackingFactsByTokenHash(db, hashTrackingToken(token));
  if (!facts) return { kind: "not-found" };
  return trackingLookupOf(facts, now);
}

/** What a job's facts show through a tracking link (or the customer's own visit page): expired, or the live view. */
export function trackingLookupOf(facts: JobTrackingFacts, now: Date): Exclude<TrackingLookup, { kind: "not-found" }> {
  const { status, language } = facts;
  if (
    status === "cancelled" ||
    linkState({ status, expiresAt: facts.linkExpiresAt, doneAt: facts.doneAt, now }) === "expired"
  ) {
    return { kind: "expired", language };
  }
  return {
    kind: "active",
    language,
    view: trackingView(
      {
        status,
        technicianName: facts.technicianName,
        position: facts.position,
        destination: facts.destination,
        plannedStart: facts.plannedStart,
      },
      now,
    ),
  };
}
