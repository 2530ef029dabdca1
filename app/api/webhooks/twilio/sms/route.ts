import { withPublic } from "@/server/web/route-handler";
import { KIB } from "@/server/web/capped-body";
import { signedTwilioForm } from "@/server/web/twilio-webhook";
import { inboundSmsUrl } from "@/server/integrations/sms";
import { receiveInboundSms } from "@/server/services/tickets/inbound-sms";

export const dynamic = "force-dynamic";

/**
 * Twilio's "a message comes in" webhook for our number. As the status callback: configuration
 * first, the form read up to 64 KiB (an SMS of 1,600 characters with Twilio's fields is well
 * under 16 KiB; larger is refused with 413 unread), then the signature over the public URL
 * before anything is written. A MessageSid already received (Twilio retrying, or someone
 * replaying a captured request) is refused with 403 and writes nothing. The answer is an empty
 * TwiML document: we reply from the ticket, never automatically (an answer to an appointment
 * reminder is recorded on the visit, silently), and Twilio itself answers STOP and START.
 * Refusals are for Twilio's console, in English.
 */
const MAX_BODY_BYTES = 64 * KIB;

const emptyTwiml = () =>
  new Response('<?xml version="1.0" encoding="UTF-8"?><Response></Response>', {
    status: 200,
    headers: { "content-type": "text/xml; charset=utf-8" },
  });

export const POST = withPublic({}, async ({ req, deps }) => {
  const signed = await signedTwilioForm(req, deps.config, inboundSmsUrl(deps.config.baseUrl), MAX_BODY_BYTES);
  if ("refusal" in signed) return signed.refusal;
  const { params } = signed;
  const result = await receiveInboundSms(deps, params);
  if (result.outcome === "invalid") return Response.json({ error: result.reason }, { status: 400 });
  if (result.outcome === "duplicate")
    return Response.json({ error: "this MessageSid was already received" }, { status: 403 });
  return emptyTwiml();
});
