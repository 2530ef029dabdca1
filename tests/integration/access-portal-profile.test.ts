import { describe, expect, it } from "vitest";
import { and, desc, eq } from "drizzle-orm";
import { auditLog, customerConsents, customers, portalUsers } from "@/server/db/schema";
import { DEMO_CUSTOMERS } from "@/server/seed/demo-accounts";
import { callerWithContext } from "../support/test-runtime";
import { codeOf, describeAccessMatrix } from "../support/access-matrix";

const access = describeAccessMatrix([
  { name: "portalProfile.get", allowed: ["customer"], call: (c) => c.portalProfile.get() },
  {
    name: "portalProfile.update",
    allowed: ["customer"],
    call: async (c) => {
      const me = await c.portalProfile.get();
      return c.portalProfile.update({ name: me.name, phone: me.phone, mobile: me.mobile, language: me.language });
    },
  },
  {
    name: "portalProfile.setConsent",
    allowed: ["customer"],
    call: (c) => c.portalProfile.setConsent({ channel: "email", granted: true }),
  },
]);

describe("the customer's own profile", () => {
  const customer = () => callerWithContext(access.fixtures().customerCtx);
  const db = () => access.fixtures().runtime.database.db;
  const other = () => DEMO_CUSTOMERS.find((c) => c.email !== "customer@demo.test")!;

  async function otherCustomerRow() {
    const [user] = await db().select().from(portalUsers).where(eq(portalUsers.email, other().email));
    const [row] = await db().select().from(customers).where(eq(customers.id, user!.customerId));
    return row!;
  }

  it("changes the name, phones and language (the one invoices, SMS and emails read) of the session's customer only", async () => {
    const f = access.fixtures();
    const otherBefore = await otherCustomerRow();
    const me = await customer().portalProfile.get();
    const language = me.language === "fr" ? "en" : "fr";
    const updated = await customer().portalProfile.update({
      name: "Julie Tremblay-Roy",
      phone: "450 555-0190",
      mobile: "(450) 555-0191",
      language,
    });
    expect(updated).toMatchObject({ name: "Julie Tremblay-Roy", phone: "450 555-0190", language });
    const [row] = await db().select().from(customers).where(eq(customers.id, f.demoCustomerId));
    expect(row).toMatchObject({ language, phone: "450 555-0190", phoneDigits: "4505550190", mobile: "(450) 555-0191" });
    expect(await otherCustomerRow()).toEqual(otherBefore);
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "portal.profile.update"), eq(auditLog.entityId, String(f.demoCustomerId))))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(audit?.changes).toMatchObject({ language: { from: me.language, to: language } });
  });

  it("refuses bad input with a clear error and changes nothing", async () => {
    const f = access.fixtures();
    const [before] = await db().select().from(customers).where(eq(customers.id, f.demoCustomerId));
    for (const input of [
      { name: "", phone: null, mobile: null, language: "fr" as const },
      { name: "Julie", phone: "call me", mobile: null, language: "fr" as const },
      { name: "Julie", phone: null, mobile: null, language: "de" as "fr" },
    ])
      expect(await codeOf(customer().portalProfile.update(input))).toBe("BAD_REQUEST");
    const [after] = await db().select().from(customers).where(eq(customers.id, f.demoCustomerId));
    expect(after).toEqual(before);
  });

  it("records each consent change with its date and source, and shows the current choice", async () => {
    const f = access.fixtures();
    const start = new Date();
    const withdrawn = await customer().portalProfile.setConsent({ channel: "sms", granted: false });
    expect(withdrawn.consents.sms).toMatchObject({ granted: false, source: "portal" });
    expect(withdrawn.consents.sms.recordedAt!.getTime()).toBeGreaterThanOrEqual(start.getTime() - 1000);
    // Saying the same again records nothing more.
    await customer().portalProfile.setConsent({ channel: "sms", granted: false });
    const given = await customer().portalProfile.setConsent({ channel: "sms", granted: true });
    expect(given.consents.sms.granted).toBe(true);
    const rows = await db()
      .select()
      .from(customerConsents)
      .where(and(eq(customerConsents.customerId, f.demoCustomerId), eq(customerConsents.channel, "sms")))
      .orderBy(customerConsents.id);
    expect(rows.map((r) => [r.granted, r.source])).toEqual([
      [false, "portal"],
      [true, "portal"],
    ]);
    expect(rows.every((r) => r.portalUserId === f.customerCtx.customer!.userId)).toBe(true);
  });

  it("refuses consent to text messages without any number, and records nothing", async () => {
    const f = access.fixtures();
    await customer().portalProfile.update({ name: "Julie", phone: null, mobile: null, language: "fr" });
    const before = await db().select().from(customerConsents).where(eq(customerConsents.customerId, f.demoCustomerId));
    await customer().portalProfile.setConsent({ channel: "sms", granted: false });
    const afterWithdraw = await db()
      .select()
      .from(customerConsents)
      .where(eq(customerConsents.customerId, f.demoCustomerId));
    expect(await codeOf(customer().portalProfile.setConsent({ channel: "sms", granted: true }))).toBe("BAD_REQUEST");
    const after = await db().select().from(customerConsents).where(eq(customerConsents.customerId, f.demoCustomerId));
    expect(after).toHaveLength(afterWithdraw.length);
    expect(afterWithdraw.length).toBeGreaterThanOrEqual(before.length);
  });
});
