import { inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { appSettings, auditLog, invoices, staffUsers } from "@/server/db/schema";
import type { Actor } from "@/server/services/actor";
import { invoicePdfFor } from "@/server/services/invoices/invoice-pdf-access";
import { forgetSettings, readSettings, saveSettings } from "@/server/services/settings/settings";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";

/**
 * The office's settings: the configuration's values until saved, validated with the
 * configuration's rules, audited field by field, and read by what prints the provider (invoices).
 */
let runtime: TestRuntime;
let admin: Actor;
const db = () => runtime.database.db;

/** The text an invoice PDF draws, its content streams inflated (pdfkit writes WinAnsi hex strings in TJ arrays). */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString("latin1");
  const winAnsi = new TextDecoder("windows-1252");
  let drawn = "";
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = raw.indexOf("endstream", start);
    try {
      drawn += inflateSync(pdf.subarray(start, end)).toString("latin1");
    } catch {
      // Not a deflated stream (fonts are written as they are).
    }
  }
  return [...drawn.matchAll(/\[([^\]]*)\] TJ/g)]
    .map(([, array]) =>
      [...array!.matchAll(/<([0-9a-f]*)>/gi)].map(([, hex]) => winAnsi.decode(Buffer.from(hex!, "hex"))).join(""),
    )
    .join("\n");
}

const settingsAudit = () =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.entityType, "settings"), eq(auditLog.action, "settings.update")))
    .orderBy(auditLog.id);

beforeAll(async () => {
  runtime = await createSeededRuntime();
  const [user] = await db()
    .select({ id: staffUsers.id, name: staffUsers.name })
    .from(staffUsers)
    .where(eq(staffUsers.email, "admin@demo.test"));
  admin = { realm: "staff", userId: user!.id, role: "admin", name: user!.name };
});
afterAll(async () => {
  await runtime?.close();
});

describe("settings", () => {
  it("read the configuration's values until a section is saved, and say where each comes from", async () => {
    const { caller } = await callerAs(runtime, "staff", "admin@demo.test");
    const view = await caller.settings.view();
    expect(view.settings).toEqual({
      provider: { name: "Fibre Démo inc.", address: "", gstNumber: "123456789 RT0001", qstNumber: "1234567890 TQ0001" },
      dunning: { reminderDays: [3, 10], suspendDays: 21 },
      reminders: { dunningHour: 9, appointmentHour: 18 },
    });
    expect(Object.values(view.sections).map((s) => s.source)).toEqual([
      "configuration",
      "configuration",
      "configuration",
    ]);
    expect(view.managementSubnets).toBeNull();
  });

  it.each([
    [{ name: "Fibre", address: "", gstNumber: "12345 RT0001", qstNumber: "1234567890 TQ0001" }, "gstNumber"],
    [{ name: "Fibre", address: "", gstNumber: "123456789 RT0001", qstNumber: "1234567890 RT0001" }, "qstNumber"],
    [{ name: "   ", address: "", gstNumber: "123456789 RT0001", qstNumber: "1234567890 TQ0001" }, "providerName"],
  ])("refuse a bad provider value with its sentence and write nothing (%j)", async (values, key) => {
    const { caller } = await callerAs(runtime, "staff", "admin@demo.test");
    const refused = await caller.settings.save({ section: "provider", values }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe("BAD_REQUEST");
    await expect(saveSettings(runtime, admin, { section: "provider", values })).rejects.toMatchObject({
      code: "invalid",
      key: `errors.settings.${key}`,
    });
    expect(await db().select().from(appSettings)).toEqual([]);
    expect(await settingsAudit()).toEqual([]);
  });

  it.each([
    [{ reminderDays: "3, x", suspendDays: "21" }, "reminderDays"],
    [{ reminderDays: "3", suspendDays: "0" }, "suspendDays"],
  ])("refuse bad dunning days (%j)", async (values, key) => {
    await expect(saveSettings(runtime, admin, { section: "dunning", values })).rejects.toMatchObject({
      key: `errors.settings.${key}`,
    });
  });

  it("refuse a staff member who is not an administrator, even past the procedure", async () => {
    const billing: Actor = { realm: "staff", userId: admin.userId!, role: "billing", name: "Billing" };
    await expect(
      saveSettings(runtime, billing, { section: "reminders", values: { dunningHour: "8", appointmentHour: "18" } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await db().select().from(appSettings)).toEqual([]);
  });

  it("save a section with each field's before and after in the audit log, and print it on invoices at once", async () => {
    const values = {
      name: "  Fibre Nord Essai inc. ",
      address: "12 rue Principale, Granby QC J2G 1A1",
      gstNumber: "987654321rt0001",
      qstNumber: "0987654321 TQ0001",
    };
    const saved = await saveSettings(runtime, admin, { section: "provider", values });
    expect(saved.changed).toBe(true);
    expect(saved.settings.provider).toEqual({
      name: "Fibre Nord Essai inc.",
      address: "12 rue Principale, Granby QC J2G 1A1",
      gstNumber: "987654321 RT0001",
      qstNumber: "0987654321 TQ0001",
    });
    const [entry] = await settingsAudit();
    expect(entry).toMatchObject({
      actorRealm: "staff",
      actorId: admin.userId,
      entityId: "provider",
      changes: {
        name: { from: "Fibre Démo inc.", to: "Fibre Nord Essai inc." },
        address: { from: "", to: "12 rue Principale, Granby QC J2G 1A1" },
        gstNumber: { from: "123456789 RT0001", to: "987654321 RT0001" },
        qstNumber: { from: "1234567890 TQ0001", to: "0987654321 TQ0001" },
      },
    });

    const [invoice] = await db().select({ id: invoices.id }).from(invoices).limit(1);
    const { pdf } = await invoicePdfFor(db(), runtime.config, { kind: "staff" }, invoice!.id);
    const text = pdfText(pdf);
    expect(text).toContain("Fibre Nord Essai inc.");
    expect(text).toContain("12 rue Principale, Granby QC J2G 1A1");
    expect(text).toContain("987654321 RT0001");
    expect(text).not.toContain("Fibre Démo inc.");

    // The same values again change nothing and log nothing.
    expect((await saveSettings(runtime, admin, { section: "provider", values })).changed).toBe(false);
    expect(await settingsAudit()).toHaveLength(1);

    const { caller } = await callerAs(runtime, "staff", "admin@demo.test");
    const view = await caller.settings.view();
    expect(view.sections.provider).toMatchObject({ source: "stored", updatedByName: admin.name });
    expect(view.sections.dunning.source).toBe("configuration");
  });

  it("read a row written by another instance once the cache is forgotten (or after a few seconds)", async () => {
    await readSettings(runtime);
    await db()
      .insert(appSettings)
      .values({ section: "reminders", value: { dunningHour: 7, appointmentHour: 19 } })
      .onConflictDoUpdate({ target: appSettings.section, set: { value: { dunningHour: 7, appointmentHour: 19 } } });
    forgetSettings(db());
    expect((await readSettings(runtime)).reminders).toEqual({ dunningHour: 7, appointmentHour: 19 });
  });
});
