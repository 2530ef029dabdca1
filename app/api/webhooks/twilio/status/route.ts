import { withPublic } from "@/server/web/route-handler";
import { isValidTwilioSignature, statusCallbackUrl } from "@/server/integrations/sms";
import { recordSmsStatusCallback } from "@/server/services/messaging/sms-status-callback";

export const dynamic = "force-dynamic";

/**
 * Twilio's SMS delivery reports: the signature is checked before anything is read or written. No
 * session: the signature is the credential. The wrapper only maps what the service throws; the
 * refusals below are for Twilio's console, in English.
 */
export const POST = withPublic({}, async ({ req, deps }) => {
  const settings = deps.config.twilio;
  if (!settings?.authToken) {
    return Response.json(
      { error: "Twilio is not configured: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN" },
      { status: 503 },
    );
  }
  const params = Object.fromEntries(new URLSearchParams(await req.text()));
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
