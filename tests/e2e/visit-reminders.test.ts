import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { eq } from "drizzle-orm";
import { customers, dispatchJobs, dispatchTechnicians, serviceLocations } from "@/server/db/schema";
import { createSmsSender } from "@/server/integrations/sms";
import { sendAppointmentReminders } from "@/server/services/visits/appointment-reminders";
import { localDate, localMidnight, shiftDate } from "@/lib/domain/quebec-dates";
import { startFakeTwilio, type FakeTwilioServer } from "../fakes/twilio-server";
import { startAppServer, type AppServer } from "../support/app-server";
import { launchChromium, signInThroughForm } from "../support/browser";
import { eventually } from "../support/collab-client";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { testConfig } from "../support/test-runtime";

/**
 * An appointment reminder answered by SMS, end to end: the evening's run texts the customer
 * (the real Twilio SDK against the local fake), the customer answers "Oui" to the product's
 * signed webhook, and the dispatcher who has the visit's board open in Chromium sees the
 * confirmed badge appear. Running the evening's reminders at a chosen instant needs the test to
 * share the database, so this runs on PostgreSQL.
 */
const reminders = describe.skipIf(!process.env.DATABASE_URL);

let database: TestDatabase;
let twilio: FakeTwilioServer;
let server: AppServer;
let browser: Browser;
const authSecret = randomBytes(32).toString("base64");
const OUR_NUMBER = "+15145550100";
const customerMobile = `+1873555${randomInt(1000, 10000)}`;
/** A day no demo job uses: the run at a fixed instant sees only this test's visit. */
const VISIT_DAY = shiftDate(localDate(new Date()), 400);
const onVisitDay = (hours: number) => new Date(localMidnight(VISIT_DAY).getTime() + hours * 3_600_000);

reminders("an appointment reminder answered by SMS", () => {
  let jobId: number;

  beforeAll(async () => {
    [database, twilio, browser] = await Promise.all([
      createTestDatabase({ seeded: true }),
      startFakeTwilio(),
      launchChromium(),
    ]);
    const db = database.handle.db;
    const [tech] = await db
      .select({ id: dispatchTechnicians.id })
      .from(dispatchTechnicians)
      .where(eq(dispatchTechnicians.active, true))
      .limit(1);
    const id = randomBytes(6).toString("hex");
    const [customer] = await db
      .insert(customers)
      .values({
        legacyAccountId: `E2E-REMIND-${id}`,
        legacyCustomerId: `E2E-REMINDC-${id}`,
        displayName: `Client ${id}`,
        language: "fr",
        mobile: customerMobile,
        email: `${id}@client.test`,
      })
      .returning({ id: customers.id });
    const [location] = await db
      .insert(serviceLocations)
      .values({
        customerId: customer!.id,
        address: "12 rue des Rappels",
        city: "Granby",
        postalCode: "J2G 1A1",
        latitude: 45.4,
        longitude: -72.73,
      })
      .returning({ id: serviceLocations.id });
    const [job] = await db
      .insert(dispatchJobs)
      .values({
        locationId: location!.id,
        customerId: customer!.id,
        kind: "repair",
        title: `Réparation ${id}`,
        status: "assigned",
        leadTechnicianId: tech!.id,
        windowStart: onVisitDay(8),
        windowEnd: onVisitDay(12),
        scheduledStart: onVisitDay(9),
        durationMin: 60,
      })
      .returning({ id: dispatchJobs.id });
    jobId = job!.id;

    server = await startAppServer({
      shared: { databaseUrl: database.url!, authSecret, encryptionKey: database.encryptionKey!.toString("hex") },
      env: {
        AUTO_SEED: "0",
        TWILIO_ACCOUNT_SID: twilio.accountSid,
        TWILIO_AUTH_TOKEN: twilio.authToken,
        TWILIO_FROM: OUR_NUMBER,
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

  it("the customer answers Oui and the dispatcher's open board shows the visit confirmed", async () => {
    // The evening before, at the reminders' hour (18:00 by default), the run texts the customer once.
    const config = testConfig({
      baseUrl: server.baseUrl,
      twilio: {
        accountSid: twilio.accountSid,
        authToken: twilio.authToken,
        from: OUR_NUMBER,
        apiBaseUrl: twilio.baseUrl,
      },
    });
    const deps = { db: database.handle.db, config, sms: createSmsSender(config) };
    const evening = new Date(localMidnight(VISIT_DAY).getTime() - 6 * 3_600_000);
    expect(await sendAppointmentReminders(deps, { now: evening })).toMatchObject({ outcomes: { sent: 1 } });
    const [reminder] = twilio.messages.filter((m) => m.to === customerMobile);
    expect(reminder!.body).toMatch(/Répondez 1 ou OUI pour confirmer/);

    const context = await browser.newContext({
      baseURL: server.baseUrl,
      locale: "fr-CA",
      viewport: { width: 1500, height: 950 },
    });
    const page = await context.newPage();
    await signInThroughForm(page, "dispatcher@demo.test", "/dispatch");
    await page.goto(`/dispatch?date=${VISIT_DAY}`);
    await page.locator('[data-testid="connection-status"][data-status="synced"]').waitFor({ timeout: 20_000 });
    const block = page.locator(`[data-testid="job-block"][data-job-id="${jobId}"]`);
    await block.waitFor({ timeout: 10_000 });
    expect(await block.getAttribute("data-confirmation")).toBeNull();

    const answer = twilio.incomingSms(`${server.baseUrl}/api/webhooks/twilio/sms`, {
      from: customerMobile,
      to: OUR_NUMBER,
      body: "Oui",
    });
    const answered = await fetch(answer.url, { method: "POST", headers: answer.headers, body: answer.body });
    expect(answered.status, await answered.text()).toBe(200);

    await page
      .locator(`[data-testid="job-block"][data-job-id="${jobId}"][data-confirmation="confirmed"]`)
      .waitFor({ timeout: 5_000 });
    await block.locator('[role="img"][aria-label="Visite confirmée par le client"]').waitFor({ timeout: 2_000 });
    expect(await block.getAttribute("aria-label")).toContain("confirmé par le client");
    await block.click();
    await page.getByTestId("job-detail").getByText("Visite confirmée par le client").waitFor({ timeout: 2_000 });
    // Nothing is sent back to the customer: the answer is recorded silently.
    await eventually(
      () => twilio.messages.filter((m) => m.to === customerMobile).length,
      (count) => count === 1,
    );
  });
});
