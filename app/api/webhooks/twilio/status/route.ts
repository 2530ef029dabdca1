import { withPublic } from "@/server/web/route-handler";
import { KIB } from "@/server/web/capped-body";
import { signedTwilioForm } from "@/server/web/twilio-webhook";
import { statusCallbackUrl } from "@/server/integrations/sms";
import { recordSmsStatusCallback } from "@/server/services/messaging/sms-status-callback";

export const dynamic = "force-dynamic";

/**
 * Twilio's SMS delivery reports: the configuration is checked first, then the form is read up to
 * 64 KiB (a status callback is well under 2 KiB; anything larger is refused with 413 unread), then
 * the signature is checked before anything is written. No
 * session: the signature is the credential. The wrapper only maps what the service throws; the
 * refusals below are for Twilio's console, in English.
 */
const MAX_BODY_BYTES = 64 * KIB;

export const POST = withPublic({}, async ({ req, deps }) => {
  const signed = await signedTwilioForm(req, deps.config, statusCallbackUrl(deps.config.baseUrl), MAX_BODY_BYTES);
  if ("refusal" in signed) return signed.refusal;
  const { params } = signed;
  const result = await recordSmsStatusCallback(deps.db, params);
  if (result.outcome === "invalid") return Response.json({ error: result.reason }, { status: 400 });
  return Response.json(result);
});
