/**
 * An email a customer sent us, once the webhook has checked the relay's secret. The message is
 * filed, in one transaction that claims its Message-ID (a relay's retry or a replayed delivery
 * finds it taken and writes nothing):
 * - on the ticket it answers: a Message-ID of that ticket's messages in In-Reply-To or References
 *   (ours, which our replies carry, or the customer's earlier ones), else the `[#id]` our reply
 *   subjects carry. Only when the sender's address belongs to that ticket's customer: a reference
 *   is a claim anyone can write, so one from another address is ignored (kept on the inbox row
 *   as `ignoredTicketRef` for the agent) and the email is matched as if it named nothing;
 * - else, from an address on exactly one customer: on their newest open ticket that came by
 *   email, else on a new support ticket with its SLA;
 * - else (an address on no customer, or on several): an entry in the unmatched email inbox for an
 *   agent to file. Never a ticket on a customer picked for them.
 * A reply to a closed ticket reopens it, as every customer reply does (replyEffect).
 *
 * Attachments are decided from their bytes (lib/domain/ticket-desk/inbound-email.ts); a file not
 * kept becomes a line in the message, never a refusal of the email. Kept files are written before
 * the transaction under their storage intents, which its commit clears (storage-intents.ts).
 */
import { createHash } from "node:crypto";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { inboundEmails, ticketMessages, tickets, type HeldAttachment } from "../../db/schema";
import { parseRawEmail, type InboundMessage } from "../../integrations/mail/inbound-message";
import { inboundEmailAttachmentStorageKey } from "../../storage";
import type { ServiceDeps } from "../deps";
import { clearStorageIntent, recordStorageIntent } from "../sweepers/storage-intents";
import {
  attachmentVerdict,
  isAutomaticReply,
  droppedAttachmentNote,
  normalizeEmailAddress,
  subjectTicketRef,
  threadReferences,
  trimQuotedReply,
} from "../../../lib/domain/ticket-desk/inbound-email";
import { customersWithEmail, fileEmail } from "./inbound-email-filing";

export type InboundEmailResult =
  | { outcome: "ticket"; ticketId: number; messageId: number; created: boolean; attachments: number }
  | { outcome: "unknown-sender" | "several-customers"; inboxId: number }
  /** This Message-ID was already received: nothing written. */
  | { outcome: "duplicate" }
  | { outcome: "invalid"; reason: string };

type InboxOutcome = "unknown-sender" | "several-customers";

interface Prepared {
  messageId: string;
  from: string;
  fromName: string;
  subject: string;
  body: string;
  attachments: (HeldAttachment & { content: Buffer })[];
  /** Sent by a program: kept on the ticket, but it does not reopen it. */
  automatic: boolean;
}

const sha256 = (bytes: Uint8Array | string) => createHash("sha256").update(bytes).digest("hex");

/** The parts of the message the desk keeps: its text trimmed, its files checked, a note for each file not kept. */
function prepare(raw: Uint8Array, parsed: InboundMessage, from: string): Prepared {
  // Without a Message-ID, the bytes themselves name the delivery: the same bytes replayed are the same email.
  const messageId = parsed.messageId ?? `<sha256-${sha256(raw)}@inbound.invalid>`;
  const deliveryKey = sha256(messageId).slice(0, 32);
  const attachments: Prepared["attachments"] = [];
  const notes: string[] = [];
  for (const file of parsed.attachments) {
    const verdict = attachmentVerdict(file.content, attachments.length);
    if (!verdict.keep) {
      notes.push(droppedAttachmentNote(file.fileName, file.content.length, verdict.reason));
      continue;
    }
    attachments.push({
      storageKey: inboundEmailAttachmentStorageKey(deliveryKey, attachments.length, verdict.extension),
      fileName: file.fileName,
      contentType: verdict.contentType,
      bytes: file.content.length,
      content: file.content,
    });
  }
  const text = trimQuotedReply(parsed.text);
  const body = [text || (attachments.length > 0 ? "" : parsed.subject), ...notes].filter(Boolean).join("\n\n");
  return {
    messageId,
    from,
    fromName: parsed.from?.name ?? "",
    subject: parsed.subject,
    body,
    attachments,
    automatic: isAutomaticReply(parsed.automationHeaders),
  };
}

/**
 * The tickets the message names, most telling first (what it answers, the thread, the subject),
 * each with its customer.
 */
async function referencedTickets(tx: Queryable, parsed: InboundMessage) {
  const refs = threadReferences(parsed.inReplyTo, parsed.references);
  const threaded = refs.length
    ? await tx
        .select({ emailMessageId: ticketMessages.emailMessageId, ticketId: tickets.id, customerId: tickets.customerId })
        .from(ticketMessages)
        .innerJoin(tickets, eq(tickets.id, ticketMessages.ticketId))
        .where(and(isNotNull(ticketMessages.emailMessageId), inArray(ticketMessages.emailMessageId, refs)))
    : [];
  const ordered = refs.flatMap((ref) => threaded.filter((row) => row.emailMessageId === ref));
  const subjectId = subjectTicketRef(parsed.subject);
  const bySubject =
    subjectId === null
      ? []
      : await tx
          .select({ ticketId: tickets.id, customerId: tickets.customerId })
          .from(tickets)
          .where(eq(tickets.id, subjectId));
  return [...ordered, ...bySubject];
}

/** Files one raw RFC 5322 message; see the module comment for where it lands. */
export async function receiveInboundEmail(
  deps: Pick<ServiceDeps, "db" | "storage">,
  raw: Uint8Array,
): Promise<InboundEmailResult> {
  const parsed = parseRawEmail(raw);
  const from = normalizeEmailAddress(parsed.from?.address);
  if (from === null) return { outcome: "invalid", reason: "From is missing or is not an email address" };
  const email = prepare(raw, parsed, from);

  // A replay is answered before any file is written.
  const [seen] = await deps.db
    .select({ id: inboundEmails.id })
    .from(inboundEmails)
    .where(eq(inboundEmails.messageId, email.messageId));
  if (seen) return { outcome: "duplicate" };
  for (const file of email.attachments) {
    await recordStorageIntent(deps.db, file.storageKey);
    await deps.storage.put(file.storageKey, file.content, file.contentType);
  }
  const held: HeldAttachment[] = email.attachments.map(({ storageKey, fileName, contentType, bytes }) => ({
    storageKey,
    fileName,
    contentType,
    bytes,
  }));

  return deps.db.transaction(async (tx): Promise<InboundEmailResult> => {
    const senders = await customersWithEmail(tx, from);
    const named = await referencedTickets(tx, parsed);
    const thread = named.find((ticket) => ticket.customerId !== null && senders.includes(ticket.customerId));
    const ignoredTicketRef = thread ? null : (named[0]?.ticketId ?? null);
    const outcome: "ticket" | InboxOutcome =
      thread || senders.length === 1 ? "ticket" : senders.length === 0 ? "unknown-sender" : "several-customers";

    const [claimed] = await tx
      .insert(inboundEmails)
      .values({
        messageId: email.messageId,
        fromAddress: from,
        fromName: email.fromName.slice(0, 200),
        subject: email.subject.slice(0, 500),
        body: email.body,
        outcome,
        ignoredTicketRef,
        heldAttachments: outcome === "ticket" ? [] : held,
        customerId: thread?.customerId ?? (senders.length === 1 ? senders[0]! : null),
      })
      .onConflictDoNothing({ target: inboundEmails.messageId })
      .returning({ id: inboundEmails.id });
    // Delivered twice at once: the first holds the files (same keys); the sweeper sees they are referenced.
    if (!claimed) return { outcome: "duplicate" };

    if (outcome !== "ticket") {
      for (const file of held) await clearStorageIntent(tx, file.storageKey);
      return { outcome, inboxId: claimed.id };
    }
    const filed = await fileEmail(tx, thread ? { ticketId: thread.ticketId } : { customerId: senders[0]! }, {
      messageId: email.messageId,
      subject: email.subject,
      body: email.body,
      attachments: held,
      automatic: email.automatic,
    });
    await tx
      .update(inboundEmails)
      .set({ ticketId: filed.ticketId, ticketMessageId: filed.messageId })
      .where(eq(inboundEmails.id, claimed.id));
    return { outcome: "ticket", ...filed, attachments: held.length };
  });
}
