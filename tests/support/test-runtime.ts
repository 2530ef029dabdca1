import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ServerConfig } from "@/server/config";
import { encryptionKeyId } from "@/server/crypto/secret-box";
import { RADIUS_DEFAULTS } from "@/server/config/radius";
import { buildRuntime, type Runtime, type RuntimeOverrides } from "@/server/runtime";
import { createContext, type Context } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";
import { createTestDatabase, type TestDatabase } from "./test-database";

export const DEMO_PASSWORD = "demo-password-2026";
export const TEST_BASE_URL = "http://localhost:3000";

export function testConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    port: 3000,
    host: "127.0.0.1",
    baseUrl: TEST_BASE_URL,
    trustedProxyHops: 0,
    databaseUrl: undefined,
    dataDir: "/nonexistent",
    authSecret: randomBytes(32).toString("base64"),
    encryptionKeys: [{ id: "test", key: randomBytes(32) }],
    oidc: null,
    billing: {
      providerName: "Fibre Démo inc.",
      providerAddress: "",
      gstNumber: "123456789 RT0001",
      qstNumber: "1234567890 TQ0001",
      dunningReminderDays: [3, 10],
      dunningSuspendDays: 21,
    },
    reminders: { dunningHour: 9, appointmentHour: 18 },
    mail: { smtpUrl: undefined, from: "Fibre Démo <facturation@fibre-demo.test>" },
    stripe: null,
    twilio: null,
    traccar: null,
    genieacs: null,
    redisUrl: undefined,
    gpsRetentionDays: 30,
    boardHistoryDays: 180,
    // Tests run as root on CI, where a path under /nonexistent would simply be created.
    storage: { dir: path.join(tmpdir(), `fibre-ops-test-files-${randomBytes(6).toString("hex")}`), s3: null },
    radius: RADIUS_DEFAULTS,
    // As a fresh install: no management subnet, so no test probes a device unless it says where.
    network: { mgmtSubnets: [], snmp: { port: 161, timeoutMs: 5000, concurrency: 64, credentials: null } },
    ...overrides,
  };
}

export interface TestRuntime extends Runtime {
  testDatabase: TestDatabase;
  close(): Promise<void>;
}

/**
 * A composition root on a fresh database seeded with the demo data: `config` overrides the test
 * configuration (Stripe or Twilio pointed at a fake), `overrides` replaces built clients with fakes.
 */
export async function createSeededRuntime(
  config: Partial<ServerConfig> = {},
  overrides: RuntimeOverrides = {},
): Promise<TestRuntime> {
  const testDatabase = await createTestDatabase({ seeded: true });
  const runtime = buildRuntime(
    testConfig({
      encryptionKeys: [{ id: encryptionKeyId(testDatabase.encryptionKey!), key: testDatabase.encryptionKey! }],
      ...config,
    }),
    testDatabase.handle,
    overrides,
  );
  return {
    ...runtime,
    testDatabase,
    async close() {
      await runtime.radiusChanges.stop();
      await runtime.radius.close();
      await runtime.jobs.stop();
      await testDatabase.drop();
    },
  };
}

/** Signs in through the realm's real HTTP handler and returns the request headers a browser would send next. */
export async function signIn(
  runtime: Runtime,
  realm: "staff" | "customer",
  email: string,
  password = DEMO_PASSWORD,
): Promise<{ status: number; headers: Headers; body: unknown }> {
  const auth = realm === "staff" ? runtime.staffAuth : runtime.customerAuth;
  const response = await auth.handler(
    new Request(`${TEST_BASE_URL}/api/auth/${realm}/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_BASE_URL },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookies = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return {
    status: response.status,
    headers: new Headers(cookies ? { cookie: cookies } : {}),
    body: await response.json().catch(() => null),
  };
}

export async function callerAs(runtime: Runtime, realm: "staff" | "customer", email: string) {
  const { status, headers } = await signIn(runtime, realm, email);
  if (status !== 200) throw new Error(`sign-in of ${email} failed with ${status}`);
  const ctx = await createContext(runtime, headers);
  return { caller: createCaller(ctx), ctx };
}

export function callerWithContext(ctx: Context) {
  return createCaller(ctx);
}
