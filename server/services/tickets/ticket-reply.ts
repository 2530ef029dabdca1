/**
 * Writing on a ticket: a staff member's public reply or internal note, or a customer's reply
 * from the portal. The message is written once per request key (the browser's idempotency key,
 * kept across retries of one send), and a public staff reply goes out on the customer's channel
 * (ticket-contact.ts) through the send-once ledger with the key `ticket-message:<id>:<channel>`:
 * a retried request, a double click or two tabs never write or send the same reply twice.
 *
 * The rule for closed tickets (lib/domain/ticket-desk/workflow.ts, replyEffect): a customer's
 * reply reopens a waiting, resolved or closed ticket; a staff public reply to a closed ticket is
 * refused (reopen it first); an internal note is always accepted and changes no status.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { ticketMessages, tickets } from "../../db/schema";
import { toE164 } from "../../integrations/sms";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import type { ServiceDeps } from "../deps";
import { RecordAccessError, ServiceError } from "../errors";
import { sendOnce, type SendOutcome } from "../messaging/outbound-ledger";
import { replyEffect, SMS_MAX_CHARS, type ReplyKind } from "../../../lib/domain/ticket-desk/workflow";
import type { MessageChannel, ReplyOutcome, TicketReplyInput } from "../../../lib/schemas/ticket-desk";
import { ticketReplyEmail } from "./reply-texts";
import { replyRouteOf, type ReplyRoute } from "./ticket-contact";
import { ticketFor, type TicketRow } from "./ticket-access";

export type ReplyDeps = Pick<ServiceDeps, "db" | "config" | "mailer" | "sms">;

export const ticketMessageDedupeKey = (messageId: number, channel: "sms" | "email") =>
  `ticket-message:${messageId}:${channel}`;

function refusal(code: string, message: string, params?: Record<string, string | number>): ServiceError {
  return new ServiceError(code === "replyClosed" ? "conflict" : "invalid", message, {
    key: `errors.ticketDesk.${code}`,
    params,
  });
}

/** `<ticket-42.uuid@domain>`: the domain of the From address, so the id is ours and unique. */
function newEmailMessageId(deps: Pick<ServiceDeps, "config">, ticketId: number): string {
  const from = deps.config.mail.from;
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? new URL(deps.config.baseUrl).hostname;
  return `<ticket-${ticketId}.${randomUUID()}@${domain}>`;
}

interface Written {
  messageId: number;
  created: boolean;
  channel: MessageChannel;
  status: TicketRow["status"];
  route: ReplyRoute | null;
  /** Set when the message already exists and its delivery already went through the ledger. */
  outboundMessageId: number | null;
}

async function writeMessage(deps: ReplyDeps, actor: Actor, input: TicketReplyInput, kind: ReplyKind): Promise<Written> {
  return deps.db.transaction(async (tx) => {
    // The lock serializes writes on one ticket: a retry of the same request waits for the first, then finds it.
    const ticket = await ticketFor(tx, actor, input.ticketId, true);
    const [existing] = await tx
      .select()
      .from(ticketMessages)
      .where(and(eq(ticketMessages.ticketId, ticket.id), eq(ticketMessages.requestKey, input.requestKey)));
    if (existing) {
      const sameAuthor =
        actor.realm === "staff" ? existing.authorStaffId === actor.userId : existing.authorKind === "customer";
      if (!sameAuthor) throw new RecordAccessError("This request key belongs to another message");
      const route = existing.channel === "sms" || existing.channel === "email" ? await replyRouteOf(tx, ticket) : null;
      return {
        messageId: existing.id,
        created: false,
        channel: existing.channel,
        status: ticket.status,
        route,
        outboundMessageId: existing.outboundMessageId,
      };
    }

    const author = actor.realm === "customer" ? "customer" : "staff";
    const effect = replyEffect({ status: ticket.status, author, kind });
    if (!effect.ok) throw refusal(effect.code, `Ticket ${ticket.id} is ${ticket.status}: reopen it before replying`);

    let channel: MessageChannel;
    let route: ReplyRoute | null = null;
    if (kind === "note") channel = "note";
    else if (author === "customer") channel = "portal";
    else {
      route = await replyRouteOf(tx, ticket);
      channel = route.channel;
      if (channel === "sms" && input.body.length > SMS_MAX_CHARS)
        throw refusal("smsTooLong", `An SMS reply is at most ${SMS_MAX_CHARS} characters`, { max: SMS_MAX_CHARS });
    }

    const [message] = await tx
      .insert(ticketMessages)
      .values({
        ticketId: ticket.id,
        channel,
        authorKind: author,
        authorStaffId: actor.realm === "staff" ? actor.userId : null,
        authorName: actor.name,
        body: input.body,
        internal: kind === "note",
        requestKey: input.requestKey,
        emailMessageId: channel === "email" ? newEmailMessageId(deps, ticket.id) : null,
      })
      .returning({ id: ticketMessages.id });

    const reopened = effect.status !== ticket.status;
    await tx
      .update(tickets)
      .set({
        updatedAt: sql`now()`,
        ...(reopened ? { status: effect.status, closedAt: null } : {}),
      })
      .where(eq(tickets.id, ticket.id));
    await recordAudit(tx, actor, {
      action: kind === "note" ? "ticket.note" : author === "customer" ? "ticket.customer_reply" : "ticket.reply",
      entityType: "ticket",
      entityId: ticket.id,
      changes: {
        message: { from: null, to: message!.id },
        ...(kind === "public" ? { channel: { from: null, to: channel } } : {}),
        ...(reopened ? { status: { from: ticket.status, to: effect.status } } : {}),
      },
    });
    return { messageId: message!.id, created: true, channel, status: effect.status, route, outboundMessageId: null };
  });
}

/** Sends a written public reply by SMS or email, once, and links the ledger row to the message. */
async function deliver(deps: ReplyDeps, written: Written): Promise<SendOutcome> {
  const channel = written.channel as "sms" | "email";
  const route = written.route!;
  const [row] = await deps.db
    .select({
      body: ticketMessages.body,
      emailMessageId: ticketMessages.emailMessageId,
      ticketId: tickets.id,
      subject: tickets.subject,
      customerId: tickets.customerId,
    })
    .from(ticketMessages)
    .innerJoin(tickets, eq(tickets.id, ticketMessages.ticketId))
    .where(eq(ticketMessages.id, written.messageId));
  const message = row!;
  const outcome = await sendOnce(
    deps.db,
    {
      dedupeKey: ticketMessageDedupeKey(written.messageId, channel),
      channel,
      recipient: route.recipient ?? "",
      template: "ticket_reply",
      language: route.language,
      customerId: message.customerId,
    },
    async (provider) => {
      if (!route.recipient) throw new Error(`ticket ${message.ticketId}: the customer has no ${channel} contact`);
      if (channel === "sms") {
        const to = toE164(route.recipient);
        return provider(() => deps.sms.send({ to, body: message.body }));
      }
      // Threading: the ticket's earlier Message-IDs (ours and the customer's), oldest first.
      const earlier = await deps.db
        .select({ id: ticketMessages.emailMessageId })
        .from(ticketMessages)
        .where(and(eq(ticketMessages.ticketId, message.ticketId), isNotNull(ticketMessages.emailMessageId)))
        .orderBy(asc(ticketMessages.createdAt), asc(ticketMessages.id));
      const references = earlier.map((r) => r.id!).filter((id) => id !== message.emailMessageId);
      const mail = ticketReplyEmail({
        language: route.language,
        ticketId: message.ticketId,
        subject: message.subject,
        body: message.body,
        providerName: deps.config.billing.providerName,
        portalUrl: `${deps.config.baseUrl}/portal/tickets/${message.ticketId}`,
        isFirst: references.length === 0,
      });
      const receipt = await provider(() =>
        deps.mailer.send({
          to: route.recipient!,
          subject: mail.subject,
          text: mail.text,
          messageId: message.emailMessageId ?? undefined,
          inReplyTo: references.at(-1),
          references: references.slice(-20),
        }),
      );
      return { providerMessageId: receipt.messageId };
    },
  );
  if (written.outboundMessageId !== outcome.messageId)
    await deps.db
      .update(ticketMessages)
      .set({ outboundMessageId: outcome.messageId })
      .where(eq(ticketMessages.id, written.messageId));
  return outcome;
}

/**
 * A public reply (staff: out on the customer's channel and in the portal; customer: in the
 * portal) or an internal note (staff only). A retry with the same request key returns the first
 * result, and sends again only what the ledger says certainly did not leave.
 */
export async function writeOnTicket(
  deps: ReplyDeps,
  actor: Actor,
  input: TicketReplyInput,
  kind: ReplyKind,
): Promise<ReplyOutcome> {
  if (kind === "note" && actor.realm !== "staff") throw new RecordAccessError("Only staff write internal notes");
  const written = await writeMessage(deps, actor, input, kind);
  let delivery = "none";
  if (written.channel === "sms" || written.channel === "email") delivery = (await deliver(deps, written)).status;
  return {
    messageId: written.messageId,
    created: written.created,
    channel: written.channel,
    delivery,
    status: written.status,
  };
}
