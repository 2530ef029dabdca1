/**
 * What the inbound email route does before its own work: refuse when no secret is configured
 * (503), check the relay's secret before reading a byte of the body (403), accept only a raw
 * message (`message/rfc822`, 415 otherwise), and read it up to `maxBytes` (413 beyond, unread).
 * The refusals are for the relay's logs and the administrator, in English.
 *
 * The secret comes as `Authorization: Bearer <secret>` (an MTA pipe with curl), or as the
 * password of `Authorization: Basic` (the relays that take a URL with credentials,
 * https://inbound:<secret>@host/api/webhooks/email/inbound). Compared in constant time over
 * digests, so neither the content nor the length of the secret leaks through timing.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { ServerConfig } from "../config";
import { bodyTooLarge, readCappedBytes } from "./capped-body";

function presentedSecret(authorization: string | null): string | null {
  if (!authorization) return null;
  const [scheme, value] = authorization.trim().split(/\s+/, 2);
  if (!value) return null;
  if (scheme!.toLowerCase() === "bearer") return value;
  if (scheme!.toLowerCase() !== "basic") return null;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon === -1 ? null : decoded.slice(colon + 1);
}

export function isInboundEmailSecret(expected: string, authorization: string | null): boolean {
  const given = presentedSecret(authorization);
  if (given === null) return false;
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export async function authenticatedRawEmail(
  req: Request,
  config: Pick<ServerConfig, "mail">,
  maxBytes: number,
): Promise<{ raw: Uint8Array } | { refusal: Response }> {
  const secret = config.mail.inboundSecret;
  // The body is left unread, not cancelled: the server discards it once the answer is sent.
  const refuse = (status: number, error: string) => ({ refusal: Response.json({ error }, { status }) });
  if (!secret) return refuse(503, "inbound email is not configured: set INBOUND_EMAIL_SECRET");
  if (!isInboundEmailSecret(secret, req.headers.get("authorization")))
    return refuse(403, "missing or wrong inbound email secret (Authorization: Bearer <INBOUND_EMAIL_SECRET>)");
  const type = (req.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "message/rfc822") return refuse(415, "the body must be a raw email, Content-Type: message/rfc822");
  const raw = await readCappedBytes(req, maxBytes);
  if (raw === null) return { refusal: bodyTooLarge(maxBytes) };
  if (raw.length === 0) return { refusal: Response.json({ error: "the body is empty" }, { status: 400 }) };
  return { raw };
}
