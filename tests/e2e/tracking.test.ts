import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { and, eq, sql } from "drizzle-orm";
import { customers, dispatchJobs, dispatchTechnicians, staffUsers, trackingLinks } from "@/server/db/schema";
import { provisioningToken } from "@/server/services/gps/devices";
import { startFakeTwilio, type FakeTwilioServer } from "../fakes/twilio-server";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { eventually } from "../support/collab-client";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

/**
 * "On my way" end to end: the technician goes en route from the phone's API, the customer gets
 * one SMS (through the real Twilio SDK, pointed at the local fake) with a link; the public page
 * shows the technician and nothing about the customer; once the link has expired it answers
 * 410. Expiring the link needs the test to reach the database, so this runs on PostgreSQL.
 */
const tracking = describe.skipIf(!process.env.DATABASE_URL);

let database: TestDatabase;
let twilio: FakeTwilioServer;
let server: AppServer;
let browser: Browser;
const authSecret = randomBytes(32).toString("base64");
const customerMobile = "+14505550199";

tracking("the customer's tracking link", () => {
  let jobId: number;
  let tracker: string;
  let firstName: string;
  let customerName: string;

  beforeAll(async () => {
    [database, twilio, browser] = await Promise.all([
      createTestDatabase({ seeded: true }),
      startFakeTwilio(),
      launchChromium(),
    ]);
    const encryptionKey = database.encryptionKey!.toString("hex");
    const db = database.handle.db;
    const [tech] = await db
      .select({ id: dispatchTechnicians.id, name: dispatchTechnicians.name, tracker: dispatchTechnicians.gpsDeviceId })
      .from(dispatchTechnicians)
      .innerJoin(staffUsers, eq(staffUsers.id, dispatchTechnicians.userId))
      .where(eq(staffUsers.email, "technician@demo.test"));
    tracker = tech!.tracker!;
    firstName = tech!.name.split(/\s+/)[0]!;
    const [job] = await db
      .select({ id: dispatchJobs.id, customerId: dispatchJobs.customerId })
      .from(dispatchJobs)
      .where(
        and(
          eq(dispatchJobs.leadTechnicianId, tech!.id),
          eq(dispatchJobs.status, "assigned"),
          sql`${dispatchJobs.customerId} is not null`,
        ),
      )
      .limit(1);
    jobId = job!.id;
    const [customer] = await db
      .update(customers)
      .set({ mobile: customerMobile, language: "fr" })
      .where(eq(customers.id, job!.customerId!))
      .returning({ name: customers.displayName });
    customerName = customer!.name;
    server = await startAppServer({
      shared: { databaseUrl: database.url!, authSecret, encryptionKey },
      env: {
        AUTO_SEED: "0",
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: "+15145550100",
        TWILIO_API_BASE: twilio.baseUrl,
      },
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await twilio?.close();
    await database?.drop();
  });

  it("sends one SMS with the link; the page shows the technician, then answers 410 once expired", async () => {
    // The technician's phone has a position: the SMS can give an ETA from it.
    const fix = new URLSearchParams({
      id: tracker,
      token: provisioningToken(tracker, authSecret),
      lat: "45.40",
      lon: "-72.73",
      timestamp: String(Math.floor(Date.now() / 1000)),
    });
    expect((await fetch(`${server.baseUrl}/api/gps/osmand?${fix}`, { method: "POST" })).status).toBe(200);

    const phone = await browser.newContext({ baseURL: server.baseUrl, locale: "fr-CA" });
    const signIn = await phone.request.post("/api/auth/staff/sign-in/email", {
      data: { email: "technician@demo.test", password: "demo-password-2026" },
      headers: { origin: server.baseUrl },
    });
    expect(signIn.status()).toBe(200);
    const clientKey = randomUUID();
    const goEnRoute = () =>
      phone.request.post("/api/trpc/tech.act", {
        data: { json: { clientKey, jobId, action: { kind: "status", status: "en_route" } } },
      });
    const first = await goEnRoute();
    expect(first.status(), await first.text()).toBe(200);
    // The phone retrying after a lost answer changes nothing and sends nothing more.
    expect((await goEnRoute()).status()).toBe(200);

    const sms = await eventually(
      () => twilio.messages.filter((m) => m.to === customerMobile),
      (list) => list.length > 0,
      20_000,
    );
    const link = /https?:\/\/\S+\/track\/[A-Za-z0-9_-]+/.exec(sms[0]!.body)?.[0];
    expect(link, sms[0]!.body).toBeDefined();
    expect(sms[0]!.body).toContain(firstName);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(twilio.messages.filter((m) => m.to === customerMobile)).toHaveLength(1);

    const visitor = await browser.newContext({ locale: "fr-CA" });
    const page = await visitor.newPage();
    const path = new URL(link!).pathname;
    const opened = await page.goto(`${server.baseUrl}${path}`);
    expect(opened!.status()).toBe(200);
    await page.getByText(firstName).first().waitFor({ timeout: 10_000 });
    // The position is a marker on the map, never coordinates in text.
    await page.getByTestId("tracking-marker").waitFor({ timeout: 15_000 });
    const text = await page.locator("body").innerText();
    expect(text).not.toMatch(/45\.40|72\.73/);
    expect(text).not.toContain(customerName);
    await page.locator('[data-testid="tracking-map"][data-map-loaded]').waitFor({ timeout: 15_000 });
    if (process.env.SCREENSHOTS === "1") await page.screenshot({ path: "docs/screenshots/tracking.png" });

    // An hour after the visit the link is gone: expire it now rather than wait.
    await database.handle.db
      .update(trackingLinks)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(trackingLinks.jobId, jobId));
    const gone = await fetch(`${server.baseUrl}${path}`);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain("Ce lien a expiré");
    expect((await fetch(`${server.baseUrl}/api/track/${path.split("/").pop()}`)).status).toBe(410);
    expect((await fetch(`${server.baseUrl}/track/${"x".repeat(43)}`)).status).toBe(404);
  });
});
