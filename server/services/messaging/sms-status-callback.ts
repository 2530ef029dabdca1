/**
 * Twilio's delivery reports, once the webhook has checked their signature: the final ones
 * (delivered, undelivered, failed) are written to the outbound message; the steps before
 * them (queued, sent...) change nothing we show, so they are acknowledged and dropped.
 */
import type { Queryable } from "../../db/client";
import { readStatusCallback } from "../../integrations/sms";
import { recordDeliveryStatus } from "./outbound-ledger";

export type StatusCallbackResult =
  | { outcome: "recorded"; messageSid: string; status: string }
  /** A message this database never sent (another environment sharing the Twilio account). */
  | { outcome: "unknown-message"; messageSid: string; status: string }
  | { outcome: "ignored"; messageSid: string; status: string }
  | { outcome: "invalid"; reason: string };

export async function recordSmsStatusCallback(
  db: Queryable,
  params: Record<string, string>,
): Promise<StatusCallbackResult> {
  const report = readStatusCallback(params);
  if (report.kind === "invalid") return { outcome: "invalid", reason: report.reason };
  if (report.kind === "progress") return { outcome: "ignored", messageSid: report.messageSid, status: report.status };
  const found = await recordDeliveryStatus(db, report.messageSid, report.status, report.error);
  return { outcome: found ? "recorded" : "unknown-message", messageSid: report.messageSid, status: report.status };
}
