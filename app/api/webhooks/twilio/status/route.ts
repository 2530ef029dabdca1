import { withPublic } from "@/server/web/route-handler";
import { bodyTooLarge, KIB, readCappedText } from "@/server/web/capped-body";
import { isValidTwilioSignature, statusCallbackUrl } from "@/server/integrations/sms";
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
  const settings = deps.config.twilio;
  if (!settings?.authToken) {
    return Response.json(
      { error: "Twilio is not configured: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN" },
      { status: 503 },
    );
  }
  const form = await readCappedText(req, MAX_BODY_BYTES);
  if (form === null) return bodyTooLarge(MAX_BODY_BYTES);
  const params = Object.fromEntries(new URLSearchParams(form));
  // The URL Twilio signed is the public one it was given, whatever address the request arrived at.
  if (
    !isValidTwilioSignature(
      settings.authToken,
      req.headers.get("x-twilio-signature"),
      statusCallbackUrl(deps.config.baseUrl),
      params,
    )
  ) {
    return Response.json({ error: "missing or invalid X-Twilio-Signature" }, { status: 403 });
  }
  const result = await recordSmsStatusCallback(deps.db, params);
  if (result.outcome === "invalid") return Response.json({ error: result.reason }, { status: 400 });
  return Response.json(result);
});
