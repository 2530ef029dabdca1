import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { invoices, outboundMessages } from "@/server/db/schema";
import { STAFF_ROLES } from "@/lib/domain/roles";
import { callerWithContext } from "../support/test-runtime";
import { codeOf, describeAccessMatrix, type AccessFixtures } from "../support/access-matrix";

async function demoInvoiceId(f: AccessFixtures): Promise<number> {
  const [invoice] = await f.runtime.database.db
    .select({ id: invoices.id })
    .from(invoices)
    .where(eq(invoices.customerId, f.demoCustomerId))
    .orderBy(desc(invoices.issueDate))
    .limit(1);
  return invoice!.id;
}

const access = describeAccessMatrix([
  { name: "invoices.list", allowed: ["admin", "billing", "support"], call: (c) => c.invoices.list({ limit: 5 }) },
  {
    name: "invoices.get",
    allowed: ["admin", "billing", "support"],
    call: async (c, f) => c.invoices.get({ id: await demoInvoiceId(f) }),
  },
  {
    name: "invoices.resendEmail",
    allowed: ["admin", "billing"],
    call: async (c, f) => c.invoices.resendEmail({ id: await demoInvoiceId(f), requestId: crypto.randomUUID() }),
  },
  { name: "portal.invoices", allowed: ["customer"], call: (c) => c.portal.invoices({ limit: 5 }) },
  {
    name: "portal.invoice",
    allowed: ["customer"],
    call: async (c, f) => c.portal.invoice({ id: await demoInvoiceId(f) }),
  },
]);

// Emails of allowed resends go to the file outbox of a scratch data directory, not to a mail server.
let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "fibre-access-invoices-"));
  access.fixtures().runtime.config.dataDir = dataDir;
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("denied resends send nothing", () => {
  it("support and dispatchers cannot resend, and no message is claimed for them", async () => {
    const f = access.fixtures();
    const id = await demoInvoiceId(f);
    const db = f.runtime.database.db;
    const before = await db.select().from(outboundMessages).where(eq(outboundMessages.invoiceId, id));
    for (const role of STAFF_ROLES.filter((r) => r !== "admin" && r !== "billing")) {
      expect(
        await codeOf(callerWithContext(f.staffCtx(role)).invoices.resendEmail({ id, requestId: crypto.randomUUID() })),
      ).toBe("FORBIDDEN");
    }
    expect(await db.select().from(outboundMessages).where(eq(outboundMessages.invoiceId, id))).toHaveLength(
      before.length,
    );
  });
});
