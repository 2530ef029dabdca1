import { describe, expect, it } from "vitest";
import { auditRecordHref, type RecordLinkContext } from "./record-link";

const CASES: Array<[string, string, RecordLinkContext, string | null]> = [
  ["invoice", "42", {}, "/office/invoices/42"],
  ["customer", "7", {}, "/office/customers/7"],
  ["payment", "3", {}, "/office/payments/3"],
  ["subscription", "12", {}, "/office/subscriptions/12"],
  ["billing_run", "5", {}, "/office/billing/runs/5"],
  ["ticket", "77", {}, "/office/tickets/77"],
  ["canned_reply", "4", {}, "/office/settings/canned-replies"],
  ["checklist_template", "install", {}, "/office/checklists"],
  ["staff_user", "3f9a0c2b7d1e4a5b8c6d9e0f1a2b3c4d", {}, "/office/settings/users"],
  ["dispatch_job", "9", { jobDate: "2026-03-14" }, "/office/jobs/9"],
  ["dispatch_job", "9", { jobDate: null }, "/office/jobs/9"],
  ["dispatch_job", "9", {}, "/office/jobs/9"],
  ["dispatch_job", "../9", {}, null],
  ["settings", "provider", {}, "/office/settings"],
  ["outbound_message", "11", {}, null],
  ["stripe_payment_intent", "pi_123", {}, null],
  ["unknown_kind", "1", {}, null],
  // Ids that are not row ids never make a link (no path built from stored text).
  ["invoice", "pi_123", {}, null],
  ["invoice", "0", {}, null],
  ["customer", "../admin", {}, null],
  ["invoice", "12345678901", {}, null],
  // Object's own properties are not entity types.
  ["constructor", "1", {}, null],
  ["__proto__", "1", {}, null],
];

describe("auditRecordHref", () => {
  it.each(CASES)("%s %s %j → %s", (type, id, context, expected) => {
    expect(auditRecordHref(type, id, context)).toBe(expected);
  });
});
