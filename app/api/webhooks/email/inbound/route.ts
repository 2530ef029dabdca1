import { withPublic } from "@/server/web/route-handler";
import { MIB } from "@/server/web/capped-body";
import { authenticatedRawEmail } from "@/server/web/inbound-email-webhook";
import { receiveInboundEmail } from "@/server/services/tickets/inbound-email";

export const dynamic = "force-dynamic";

/**
 * A customer's email, as a provider's inbound relay or a local MTA pipe hands it over: the raw
 * RFC 5322 message, authenticated by the shared INBOUND_EMAIL_SECRET. Up to 25 MiB (the usual
 * ceiling of mail providers; larger is refused with 413 unread). The answer is 200 for a message
 * filed, waiting in the unmatched inbox, or already received (a relay retrying must stop), and
 * 400 for what is not a message we can file (no sender address), which the relay bounces.
 */
const MAX_BODY_BYTES = 25 * MIB;

export const POST = withPublic({}, async ({ req, deps }) => {
  const accepted = await authenticatedRawEmail(req, deps.config, MAX_BODY_BYTES);
  if ("refusal" in accepted) return accepted.refusal;
  const result = await receiveInboundEmail(deps, accepted.raw);
  if (result.outcome === "invalid") return Response.json({ error: result.reason }, { status: 400 });
  return Response.json(result, { status: 200 });
});
