import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { buildRuntime, type Runtime } from "@/server/runtime";
import { createFrontDoor } from "@/server/web/front-door";
import { SIGN_IN_LIMITS } from "@/server/auth/sign-in-guard";
import { createSeededRuntime, DEMO_PASSWORD, testConfig, type TestRuntime } from "../support/test-runtime";

/**
 * Sign-in guessing over real sockets: each test server does what server/main.ts does before Next
 * (the front door stamps the client's address), then hands the request to the realm's handler, as
 * the route app/api/auth/<realm>/[...all] does. Two runtimes share one database, as two instances
 * of the app behind a load balancer do.
 */
let first: TestRuntime;
let second: Runtime;
const servers: http.Server[] = [];

async function serve(runtime: Runtime, trustedProxyHops: number): Promise<string> {
  const frontDoor = createFrontDoor({ baseUrl: "http://localhost:3000", trustedProxyHops });
  const server = http.createServer((req, res) => {
    frontDoor(req, res);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers))
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
      const request = new Request(`http://localhost:3000${req.url}`, {
        method: req.method,
        headers,
        body: req.method === "GET" ? undefined : Buffer.concat(chunks),
      });
      const auth = req.url?.startsWith("/api/auth/staff") ? runtime.staffAuth : runtime.customerAuth;
      void auth.handler(request).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let directA: string;
let proxiedA: string;
let proxiedB: string;
beforeAll(async () => {
  first = await createSeededRuntime();
  second = buildRuntime(
    testConfig({ encryptionKeys: first.config.encryptionKeys, authSecret: first.config.authSecret }),
    first.testDatabase.handle,
  );
  directA = await serve(first, 0);
  proxiedA = await serve(first, 1);
  proxiedB = await serve(second, 1);
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await second?.jobs.stop();
  await first?.close();
});

let unique = 0;
async function signIn(
  base: string,
  realm: "staff" | "customer",
  email: string,
  password: string,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${base}/api/auth/${realm}/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://localhost:3000", ...headers },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body };
}
const nobody = () => `nobody-${++unique}@demo.test`;

describe("per client address", () => {
  it("a spoofed X-Forwarded-For does not reset the limit: the socket's address counts", async () => {
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perAddress.max; attempt++) {
      const result = await signIn(directA, "customer", nobody(), "wrong-password-2026", {
        "x-forwarded-for": `203.0.113.${attempt}`,
      });
      expect(result.status, `attempt ${attempt + 1}`).toBe(401);
    }
    const refused = await signIn(directA, "customer", nobody(), "wrong-password-2026", {
      "x-forwarded-for": "198.51.100.77",
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAddress.windowSeconds);
    // Nor does the header our own front door writes, sent by the client.
    const forged = await signIn(directA, "customer", nobody(), "wrong-password-2026", {
      "x-fibre-ops-client-address": "198.51.100.78",
    });
    expect(forged.status).toBe(429);
  });

  it("behind one trusted proxy, one client's failures do not lock out another address", async () => {
    const attacker = { "x-forwarded-for": "192.0.2.10" };
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perAddress.max; attempt++)
      expect((await signIn(proxiedA, "staff", nobody(), "wrong-password-2026", attacker)).status).toBe(401);
    expect((await signIn(proxiedA, "staff", nobody(), "wrong-password-2026", attacker)).status).toBe(429);
    // Left of the proxy's entry is what the client wrote: it does not move the attacker to a new bucket.
    const spoofed = { "x-forwarded-for": "192.0.2.99, 192.0.2.10" };
    expect((await signIn(proxiedA, "staff", nobody(), "wrong-password-2026", spoofed)).status).toBe(429);

    const neighbour = { "x-forwarded-for": "192.0.2.11" };
    expect((await signIn(proxiedA, "staff", nobody(), "wrong-password-2026", neighbour)).status).toBe(401);
    expect((await signIn(proxiedA, "staff", "support@demo.test", DEMO_PASSWORD, neighbour)).status).toBe(200);
  });

  it("successful sign-ins are not what locks an address out", async () => {
    const office = { "x-forwarded-for": "192.0.2.50" };
    const accounts = ["admin@demo.test", "dispatcher@demo.test", "technician@demo.test", "billing@demo.test"];
    for (let round = 0; round < SIGN_IN_LIMITS.perAddress.max + 5; round++) {
      const email = accounts[round % accounts.length]!;
      expect((await signIn(proxiedA, "staff", email, DEMO_PASSWORD, office)).status, `${round}: ${email}`).toBe(200);
    }
  });
});

describe("per account, across instances", () => {
  it("two runtimes on one database share the count; the account is refused from any address, with Retry-After", async () => {
    const email = "dispatcher2@demo.test";
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perAccount.max; attempt++) {
      const base = attempt % 2 === 0 ? proxiedA : proxiedB;
      const from = { "x-forwarded-for": `198.51.100.${attempt}` };
      expect((await signIn(base, "staff", email, "wrong-password-2026", from)).status).toBe(401);
    }
    const fr = await signIn(proxiedB, "staff", email, DEMO_PASSWORD, {
      "x-forwarded-for": "198.51.100.200",
      "accept-language": "fr-CA",
    });
    expect(fr.status).toBe(429);
    expect(Number(fr.retryAfter)).toBeGreaterThan(0);
    expect(Number(fr.retryAfter)).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAccount.windowSeconds);
    expect(fr.body?.message).toMatch(/^Trop de tentatives de connexion\. Réessayez dans \d+ minutes?\.$/);

    const en = await signIn(proxiedA, "staff", email, DEMO_PASSWORD, {
      "x-forwarded-for": "198.51.100.201",
      "accept-language": "en-CA",
    });
    expect(en.status).toBe(429);
    expect(en.body?.message).toMatch(/^Too many sign-in attempts\. Try again in \d+ minutes?\.$/);

    // Another account is not affected.
    const other = await signIn(proxiedB, "staff", "billing@demo.test", DEMO_PASSWORD, {
      "x-forwarded-for": "198.51.100.202",
    });
    expect(other.status).toBe(200);
  });

  it("the customer realm is limited the same way", async () => {
    const email = "customer2@demo.test";
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perAccount.max; attempt++)
      expect(
        (await signIn(proxiedA, "customer", email, "wrong-password-2026", { "x-forwarded-for": `100.64.0.${attempt}` }))
          .status,
      ).toBe(401);
    const refused = await signIn(proxiedB, "customer", email, DEMO_PASSWORD, { "x-forwarded-for": "100.64.1.1" });
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).not.toBeNull();
  });
});
