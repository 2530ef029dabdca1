import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import net from "node:net";
import { createOsmAndHandler } from "@/server/gps/osmand-http";
import { buildRuntime, setRuntime, type Runtime } from "@/server/runtime";
import { POST as stripeWebhook } from "@/app/api/webhooks/stripe/route";
import { POST as twilioStatus } from "@/app/api/webhooks/twilio/status/route";
import { createSeededRuntime, testConfig, type TestRuntime } from "../support/test-runtime";

/**
 * Webhook bodies are capped before they are read: a body announced too large is refused without a
 * byte read, one that grows past the cap without announcing its length stops being read there,
 * and an unconfigured provider is refused before its body is touched.
 */
const CHUNK = 64 * 1024;

/** A request body that counts what the handler pulls from it, `total` bytes long. */
function countingBody(total: number) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= total) return controller.close();
        const size = Math.min(CHUNK, total - pulled);
        pulled += size;
        controller.enqueue(new Uint8Array(size).fill(0x61));
      },
    },
    // Nothing is pulled before the handler reads.
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

function post(url: string, body: ReadableStream<Uint8Array>, headers: Record<string, string>) {
  return new Request(url, { method: "POST", body, headers, duplex: "half" } as RequestInit);
}

let unconfigured: TestRuntime;
let configured: Runtime;
beforeAll(async () => {
  unconfigured = await createSeededRuntime();
  configured = buildRuntime(
    testConfig({
      encryptionKeys: unconfigured.config.encryptionKeys,
      stripe: { secretKey: "sk_test_caps", webhookSecret: "whsec_caps", apiBaseUrl: "http://127.0.0.1:9" },
      twilio: {
        accountSid: "AC0000",
        authToken: "twilio-token",
        from: "+15145550000",
        apiBaseUrl: "http://127.0.0.1:9",
      },
    }),
    unconfigured.testDatabase.handle,
  );
});
afterAll(async () => {
  await configured?.jobs.stop();
  await unconfigured?.close();
});

const STRIPE_URL = "http://localhost:3000/api/webhooks/stripe";
const TWILIO_URL = "http://localhost:3000/api/webhooks/twilio/status";
const stripeHeaders = { "content-type": "application/json", "stripe-signature": "t=1,v1=00" };
const twilioHeaders = { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "AAAA" };

describe("Stripe webhook", () => {
  it("unconfigured: answers its refusal before reading the body", async () => {
    setRuntime(unconfigured);
    const body = countingBody(16 * 1024 * 1024);
    const response = await stripeWebhook(post(STRIPE_URL, body.stream, stripeHeaders));
    expect(response.status).toBe(503);
    expect(body.pulled()).toBe(0);
  });

  it("a body announced over 1 MiB is refused with 413 without reading it", async () => {
    setRuntime(configured);
    const body = countingBody(16 * 1024 * 1024);
    const response = await stripeWebhook(
      post(STRIPE_URL, body.stream, { ...stripeHeaders, "content-length": String(16 * 1024 * 1024) }),
    );
    expect(response.status).toBe(413);
    expect(body.pulled()).toBe(0);
  });

  it("a 32 MiB body without Content-Length is refused with 413 once it passes 1 MiB", async () => {
    setRuntime(configured);
    const body = countingBody(32 * 1024 * 1024);
    const response = await stripeWebhook(post(STRIPE_URL, body.stream, stripeHeaders));
    expect(response.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(1024 * 1024 + 2 * CHUNK);
  });

  it("a body under the cap still reaches the signature check", async () => {
    setRuntime(configured);
    const body = countingBody(1000);
    const response = await stripeWebhook(post(STRIPE_URL, body.stream, stripeHeaders));
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/signature/);
  });
});

describe("Twilio status callback", () => {
  it("unconfigured: answers its refusal before reading the body", async () => {
    setRuntime(unconfigured);
    const body = countingBody(16 * 1024 * 1024);
    const response = await twilioStatus(post(TWILIO_URL, body.stream, twilioHeaders));
    expect(response.status).toBe(503);
    expect(body.pulled()).toBe(0);
  });

  it("a body announced over the cap is refused with 413 without reading it", async () => {
    setRuntime(configured);
    const body = countingBody(16 * 1024 * 1024);
    const response = await twilioStatus(
      post(TWILIO_URL, body.stream, { ...twilioHeaders, "content-length": String(16 * 1024 * 1024) }),
    );
    expect(response.status).toBe(413);
    expect(body.pulled()).toBe(0);
  });

  it("a 32 MiB body without Content-Length is refused with 413 once it passes 64 KiB", async () => {
    setRuntime(configured);
    const body = countingBody(32 * 1024 * 1024);
    const response = await twilioStatus(post(TWILIO_URL, body.stream, twilioHeaders));
    expect(response.status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(64 * 1024 + 2 * CHUNK);
  });

  it("a small body still reaches the signature check", async () => {
    setRuntime(configured);
    const body = countingBody(100);
    const response = await twilioStatus(post(TWILIO_URL, body.stream, twilioHeaders));
    expect(response.status).toBe(403);
  });
});

describe("OsmAnd endpoint (served ahead of Next)", () => {
  /** Sends only a request's head over a raw socket and returns what the server answers, if it answers within 3 s. */
  async function headOnly(port: number, head: string): Promise<string> {
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
    socket.write(head);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 3000);
      socket.on("close", () => (clearTimeout(timer), resolve()));
      socket.on("error", () => (clearTimeout(timer), resolve()));
    });
    socket.destroy();
    return answer;
  }

  it("a form announced over 4 KiB is answered 413 at once, before its body is sent", async () => {
    const osmAnd = createOsmAndHandler(unconfigured);
    const server = http.createServer((req, res) => {
      if (!osmAnd.handle(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const answer = await headOnly(
        port,
        "POST /api/gps/osmand HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/x-www-form-urlencoded\r\n" +
          `content-length: ${10 * 1024 * 1024}\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 413/);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await osmAnd.drain();
    }
  });
});
