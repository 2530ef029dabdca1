/**
 * The daily dunning pass (a pg-boss job, or the office's "run now" button). For every open
 * invoice past due it sends the reminder the pure rule says is due (lib/domain/billing/dunning),
 * by email and SMS through sendOnce, and suspends customers past the suspension day. Every
 * message has a dedupe key naming the invoice and step, so running twice a day, or again after
 * a crash, sends nothing new. Suspensions are written in one transaction per customer; messages
 * are sent after it commits (sendOnce must not sit inside a long transaction).
 */
import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "../../db/client";
import { serviceSubscriptions } from "../../db/schema";
import { localDate, shiftDate } from "../../../lib/domain/quebec-dates";
import { dunningStepFor, type DunningPolicy } from "../../../lib/domain/billing/dunning";
import type { Actor } from "../actor";
import type { ServiceDeps } from "../deps";
import { RuleViolationError } from "../errors";
import { sendOnce, type SendOutcome } from "../messaging/outbound-ledger";
import { balancesOf } from "./customer-balance";
import { reminderEmail, reminderSms, suspensionEmail, suspensionSms } from "./dunning-notices";
import { reactivateIfSettled, suspendForDunning } from "./dunning-suspension";
import type { DunningSummary } from "../../../lib/schemas/payments";
import { readSettings } from "../settings/settings";

export type { DunningSummary } from "../../../lib/schemas/payments";

interface PastDueRow {
  invoice_id: number;
  number: string;
  due_date: string;
  balance_cents: number;
  customer_id: number;
  display_name: string;
  language: "fr" | "en";
  email: string | null;
  mobile: string | null;
  phone: string | null;
  /** The newest consent choice per channel; null when none was recorded (implied consent). */
  email_consent: boolean | null;
  sms_consent: boolean | null;
}

/** The customer's newest recorded choice for one channel (customer_consents), as a SQL expression. */
function latestConsent(channel: "email" | "sms") {
  return sql`(select cc.granted from customer_consents cc where cc.customer_id = c.id and cc.channel = ${channel}
    order by cc.recorded_at desc, cc.id desc limit 1)`;
}

export async function runDunning(
  deps: Pick<ServiceDeps, "db" | "config" | "mailer" | "sms">,
  actor: Actor,
  input: { today: string },
): Promise<DunningSummary> {
  const { db } = deps;
  const { today } = input;
  // A date ahead would suspend customers before their time.
  if (today > localDate(new Date()))
    throw new RuleViolationError(
      `the dunning date ${today} is in the future; run it for today or an earlier day`,
      "today",
      { key: "errors.dunning.futureDate", params: { date: today } },
    );
  const settings = await readSettings(deps);
  const policy: DunningPolicy = {
    reminderDays: settings.dunning.reminderDays,
    suspendDays: settings.dunning.suspendDays,
  };
  const summary: DunningSummary = {
    today,
    invoicesPastDue: 0,
    coveredByCredit: 0,
    messages: { sent: 0, alreadySent: 0, failed: 0, unknown: 0, noRecipient: 0 },
    customersSuspended: 0,
    subscriptionsSuspended: 0,
    customersReactivated: 0,
  };
  const count = (outcome: SendOutcome | null) => {
    if (!outcome) summary.messages.noRecipient++;
    else if (outcome.status === "sent") summary.messages.sent++;
    else if (outcome.status === "failed") summary.messages.failed++;
    // Possibly sent, not resent: waits for a person (undecided-messages.ts).
    else if (outcome.status === "unknown") summary.messages.unknown++;
    else summary.messages.alreadySent++;
  };
  /**
   * One notice by email and by SMS, each sent once under `<key>:<channel>`; a channel with no
   * recipient (no address, or consent withdrawn) is counted as such and skipped.
   */
  const sendNotice = async (
    row: PastDueRow,
    notice: { template: string; key: string },
    email: { to: string | null; message: () => { subject: string; text: string } },
    sms: { to: string | null; body: () => string },
  ) => {
    const base = {
      customerId: Number(row.customer_id),
      invoiceId: Number(row.invoice_id),
      template: notice.template,
      language: row.language,
    };
    const emailTo = email.to;
    count(
      emailTo
        ? await sendOnce(
            db,
            { ...base, dedupeKey: `${notice.key}:email`, channel: "email", recipient: emailTo },
            async (provider) => {
              const receipt = await provider(() => deps.mailer.send({ to: emailTo, ...email.message() }));
              return { providerMessageId: receipt.messageId };
            },
          )
        : null,
    );
    const smsTo = sms.to;
    count(
      smsTo
        ? await sendOnce(
            db,
            { ...base, dedupeKey: `${notice.key}:sms`, channel: "sms", recipient: smsTo },
            (provider) => provider(() => deps.sms.send({ to: smsTo, body: sms.body() })),
          )
        : null,
    );
  };

  // Payments or credit notes recorded by paths that did not reactivate (imports, corrections) are caught up here.
  const held = await db
    .selectDistinct({ customerId: serviceSubscriptions.customerId })
    .from(serviceSubscriptions)
    .where(and(eq(serviceSubscriptions.status, "suspended"), eq(serviceSubscriptions.suspendedForDunning, true)));
  for (const { customerId } of held) {
    const reactivated = await db.transaction((tx) => reactivateIfSettled(tx, actor, customerId, today));
    if (reactivated.length > 0) summary.customersReactivated++;
  }

  const pastDue = await rowsOf<PastDueRow>(
    db,
    sql`
    select i.id as invoice_id, i.number, i.due_date::text as due_date, i.balance_cents, c.id as customer_id, c.display_name, c.language, c.email, c.mobile, c.phone,
      ${latestConsent("email")} as email_consent, ${latestConsent("sms")} as sms_consent
    from invoices i join customers c on c.id = i.customer_id
    where i.status = 'open' and i.kind = 'invoice' and i.balance_cents > 0 and i.due_date <= ${today}::date
    order by c.id, i.due_date, i.id`,
  );
  summary.invoicesPastDue = pastDue.length;
  // As of tomorrow, so invoices due today count as owed: a reminder on day 0 ("due today") is allowed.
  const balances = await balancesOf(db, shiftDate(today, 1), [...new Set(pastDue.map((r) => Number(r.customer_id)))]);
  const suspendFor = new Map<number, PastDueRow>();

  for (const row of pastDue) {
    const customerId = Number(row.customer_id);
    const step = dunningStepFor(row.due_date, today, policy);
    if (!step.reminder && !step.suspend) continue;
    if ((balances.get(customerId)?.overdueCents ?? 0) <= 0) {
      summary.coveredByCredit++;
      continue;
    }
    if (step.suspend && !suspendFor.has(customerId)) suspendFor.set(customerId, row);
    if (!step.reminder) continue;
    const facts = {
      providerName: settings.provider.name,
      customerName: row.display_name,
      invoiceNumber: row.number,
      balanceCents: Number(row.balance_cents),
      dueDate: row.due_date,
      reminder: step.reminder,
    };
    // A reminder follows the customer's notice preferences (a withdrawn channel is skipped, not an error).
    await sendNotice(
      row,
      { template: "dunning_reminder", key: `dunning:${row.invoice_id}:reminder-${step.reminder}` },
      { to: row.email_consent === false ? null : row.email, message: () => reminderEmail(row.language, facts) },
      {
        to: row.sms_consent === false ? null : (row.mobile ?? row.phone),
        body: () => reminderSms(row.language, facts),
      },
    );
  }

  for (const [customerId, row] of suspendFor) {
    const suspended = await db.transaction((tx) =>
      suspendForDunning(tx, actor, customerId, today, Number(row.invoice_id)),
    );
    if (suspended.length > 0) {
      summary.customersSuspended++;
      summary.subscriptionsSuspended += suspended.length;
    }
    // Also when this run suspended nothing new but an earlier run today crashed before notifying.
    const [suspendedToday] = await db
      .select({ id: serviceSubscriptions.id })
      .from(serviceSubscriptions)
      .where(
        and(
          eq(serviceSubscriptions.customerId, customerId),
          eq(serviceSubscriptions.suspendedForDunning, true),
          eq(serviceSubscriptions.suspendedSince, today),
        ),
      )
      .limit(1);
    if (!suspendedToday) continue;
    const facts = {
      providerName: settings.provider.name,
      customerName: row.display_name,
      overdueCents: balances.get(customerId)?.overdueCents ?? 0,
    };
    // The suspension email always goes (notice of a change to the service); its SMS copy follows the preference.
    await sendNotice(
      row,
      { template: "suspension_notice", key: `dunning:${row.invoice_id}:suspension` },
      { to: row.email, message: () => suspensionEmail(row.language, facts) },
      {
        to: row.sms_consent === false ? null : (row.mobile ?? row.phone),
        body: () => suspensionSms(row.language, facts),
      },
    );
  }
  return summary;
}
