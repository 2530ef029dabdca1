/**
 * What every Twilio webhook route does before its own work: refuse when Twilio is not
 * configured (503), read the form up to `maxBytes` (413 beyond, unread), and check
 * X-Twilio-Signature over the public URL Twilio was given (403), whatever address the request
 * arrived at. The refusals are for Twilio's console, in English.
 */
import type { ServerConfig } from "../config";
import { isValidTwilioSignature } from "../integrations/sms";
import { bodyTooLarge, readCappedText } from "./capped-body";

export async function signedTwilioForm(
  req: Request,
  config: Pick<ServerConfig, "twilio">,
  publicUrl: string,
  maxBytes: number,
): Promise<{ params: Record<string, string> } | { refusal: Response }> {
  const authToken = config.twilio?.authToken;
  if (!authToken)
    return {
      refusal: Response.json(
        { error: "Twilio is not configured: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN" },
        { status: 503 },
      ),
    };
  const form = await readCappedText(req, maxBytes);
  if (form === null) return { refusal: bodyTooLarge(maxBytes) };
  const params = Object.fromEntries(new URLSearchParams(form));
  if (!isValidTwilioSignature(authToken, req.headers.get("x-twilio-signature"), publicUrl, params))
    return { refusal: Response.json({ error: "missing or invalid X-Twilio-Signature" }, { status: 403 }) };
  return { params };
}
