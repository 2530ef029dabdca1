import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { outboundMessages } from "@/server/db/schema";
import { SMS_NOT_CONFIGURED, createSmsSender, TwilioSmsSender } from "@/server/integrations/sms";
import { sendOnce } from "@/server/services/messaging/outbound-ledger";
import { startFakeTwilio, type FakeTwilioServer } from "../fakes/twilio-server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";
import { testConfig } from "../support/test-runtime";

let fake: FakeTwilioServer;
let database: TestDatabase;

beforeAll(async () => {
  fake = await startFakeTwilio();
  database = await createTestDatabase();
});
afterAll(async () => {
  await fake?.close();
  await database?.drop();
});

const settings = () => ({
  accountSid: fake.accountSid,
  authToken: fake.authToken,
  from: "+15145550000",
  apiBaseUrl: fake.baseUrl,
});

describe("Twilio SMS through the SDK", () => {
  it("sends a form-encoded message with basic auth and returns Twilio's SM sid", async () => {
    const sender = new TwilioSmsSender(settings());
    const sent = await sender.send({
      to: "(450) 555-0101",
      body: "Bonjour Julie",
      statusCallback: "http://127.0.0.1/api/webhooks/twilio/status",
    });
    expect(sent.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(fake.messages.at(-1)).toMatchObject({
      sid: sent.providerMessageId,
      to: "+14505550101",
      from: "+15145550000",
      body: "Bonjour Julie",
      statusCallback: "http://127.0.0.1/api/webhooks/twilio/status",
    });
  });

  it("surfaces Twilio's error code and message when the credentials are wrong", async () => {
    const sender = new TwilioSmsSender({ ...settings(), authToken: "wrong" });
    const before = fake.messages.length;
    await expect(sender.send({ to: "4505550101", body: "x" })).rejects.toMatchObject({ status: 401, code: 20003 });
    expect(fake.messages.length).toBe(before);
  });

  it("surfaces Twilio's refusal of an unsubscribed number", async () => {
    fake.blockedNumbers.add("+14505550199");
    await expect(new TwilioSmsSender(settings()).send({ to: "450-555-0199", body: "x" })).rejects.toMatchObject({
      status: 400,
      code: 21610,
    });
  });

  it("refuses a number that is not one before calling Twilio", async () => {
    const before = fake.messages.length;
    await expect(new TwilioSmsSender(settings()).send({ to: "555-0101", body: "x" })).rejects.toThrow(
      /is not a phone number we can text/,
    );
    expect(fake.messages.length).toBe(before);
  });

  it("builds a Twilio sender from Twilio settings, and a refusing one without them", async () => {
    expect(createSmsSender(testConfig({ twilio: settings() }))).toBeInstanceOf(TwilioSmsSender);
    await expect(createSmsSender(testConfig()).send({ to: "4505550102", body: "x" })).rejects.toThrow(
      SMS_NOT_CONFIGURED,
    );
  });

  it("sends once through the outbound ledger, and records a failure when Twilio is not configured", async () => {
    const db = database.handle.db;
    const sms = createSmsSender(testConfig({ twilio: settings() }));
    const request = {
      dedupeKey: "sms-test:1",
      channel: "sms" as const,
      recipient: "4505550102",
      template: "test",
      language: "fr" as const,
    };
    const before = fake.messages.length;
    const first = await sendOnce(db, request, () => sms.send({ to: request.recipient, body: "Une seule fois" }));
    const second = await sendOnce(db, request, () => sms.send({ to: request.recipient, body: "Une seule fois" }));
    expect(first.status).toBe("sent");
    expect(second.status).toBe("already-sent");
    expect(fake.messages.length).toBe(before + 1);

    const unconfigured = await sendOnce(db, { ...request, dedupeKey: "sms-test:2" }, () =>
      createSmsSender(testConfig()).send({ to: request.recipient, body: "x" }),
    );
    expect(unconfigured).toMatchObject({ status: "failed", error: SMS_NOT_CONFIGURED });
    const [row] = await db.select().from(outboundMessages).where(eq(outboundMessages.dedupeKey, "sms-test:2"));
    expect(row).toMatchObject({ status: "failed", error: expect.stringContaining("TWILIO_ACCOUNT_SID") });
    expect(fake.messages.length).toBe(before + 1);
  });
});
