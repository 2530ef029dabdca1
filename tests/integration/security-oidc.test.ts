import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OidcConfig } from "@/server/config";
import { staffAccounts, staffUsers } from "@/server/db/schema";
import type { Runtime } from "@/server/runtime";
import { startFakeOidc, type FakeOidc, type FakeOidcPerson } from "@/tests/fakes/oidc-server";
import { createSeededRuntime, TEST_BASE_URL, type TestRuntime } from "@/tests/support/test-runtime";

/**
 * Issue 13, item 10: single sign-on through better-auth's real callback, against a local OpenID
 * Connect provider. No implicit sign-up, roles from the provider's groups, no takeover by email.
 */
let fake: FakeOidc;
const ROLE_MAP: OidcConfig["roleMap"] = [
  { group: "ops-admins", role: "admin" },
  { group: "dispatch", role: "dispatcher" },
  { group: "field", role: "technician" },
];

function oidcConfig(overrides: Partial<OidcConfig> = {}): OidcConfig {
  return {
    issuer: fake.issuer,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    allowSignUp: false,
    linkVerifiedEmail: false,
    groupsClaim: "groups",
    roleMap: ROLE_MAP,
    ...overrides,
  };
}

const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

/** Sign-in button → the provider (who consents for `person`) → better-auth's callback. */
async function ssoSignIn(
  runtime: Runtime,
  person: FakeOidcPerson,
): Promise<{ error: string | null; errorDescription: string | null; headers: Headers }> {
  fake.person = person;
  const start = await runtime.staffAuth.handler(
    new Request(`${TEST_BASE_URL}/api/auth/staff/sign-in/social`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_BASE_URL },
      body: JSON.stringify({ provider: "sso", callbackURL: "/dispatch", errorCallbackURL: "/sign-in" }),
    }),
  );
  expect(start.status).toBe(200);
  const { url } = (await start.json()) as { url: string };
  const consent = await fetch(url, { redirect: "manual" });
  expect(consent.status).toBe(302);
  const callback = await runtime.staffAuth.handler(
    new Request(consent.headers.get("location")!, { headers: { cookie: cookiesOf(start) } }),
  );
  expect(callback.status).toBe(302);
  const location = new URL(callback.headers.get("location")!, TEST_BASE_URL);
  const cookie = cookiesOf(callback);
  return {
    error: location.searchParams.get("error"),
    errorDescription: location.searchParams.get("error_description"),
    headers: new Headers(cookie ? { cookie } : {}),
  };
}

async function sessionUser(runtime: Runtime, headers: Headers) {
  return (await runtime.staffAuth.api.getSession({ headers }))?.user ?? null;
}

async function staffByEmail(runtime: Runtime, email: string) {
  const [user] = await runtime.database.db.select().from(staffUsers).where(eq(staffUsers.email, email));
  return user ?? null;
}

const person = (name: string, groups: unknown, extra: Partial<FakeOidcPerson> = {}): FakeOidcPerson => ({
  sub: `sub-${name}`,
  email: `${name}@idp.example`,
  email_verified: true,
  name,
  groups,
  ...extra,
});

beforeAll(async () => {
  fake = await startFakeOidc();
});
afterAll(async () => fake?.close());

describe("single sign-on without OIDC_ALLOW_SIGN_UP (the default)", () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await createSeededRuntime({ oidc: oidcConfig() });
  }, 60_000);
  afterAll(async () => runtime?.close());

  it("creates no account for a person the provider accepts, even in a mapped group", async () => {
    const result = await ssoSignIn(runtime, person("newcomer", ["ops-admins"]));
    expect(result.error).toBe("signup_disabled");
    expect(await sessionUser(runtime, result.headers)).toBeNull();
    expect(await staffByEmail(runtime, "newcomer@idp.example")).toBeNull();
  });

  it("does not sign in to an existing password account that has the provider's verified email", async () => {
    const before = await staffByEmail(runtime, "dispatcher@demo.test");
    const result = await ssoSignIn(
      runtime,
      person("dispatcher", ["ops-admins"], { sub: "attacker", email: "dispatcher@demo.test" }),
    );
    expect(result.error).toBe("account_not_linked");
    expect(await sessionUser(runtime, result.headers)).toBeNull();
    const accounts = await runtime.database.db
      .select({ providerId: staffAccounts.providerId })
      .from(staffAccounts)
      .where(eq(staffAccounts.userId, before!.id));
    expect(accounts.map((a) => a.providerId)).toEqual(["credential"]);
    expect((await staffByEmail(runtime, "dispatcher@demo.test"))?.role).toBe(before!.role);
  });
});

describe("single sign-on with OIDC_ALLOW_SIGN_UP=true", () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await createSeededRuntime({ oidc: oidcConfig({ allowSignUp: true }) });
  }, 60_000);
  afterAll(async () => runtime?.close());

  it.each([
    ["dispatch", ["staff", "dispatch"], "dispatcher"],
    ["field", ["field"], "technician"],
    ["several: the first pair of OIDC_ROLE_MAP wins", ["field", "ops-admins"], "admin"],
  ])("gives a new person the role of their group (%s)", async (name, groups, role) => {
    const who = person(`new-${name.split(":")[0]}`, groups);
    const result = await ssoSignIn(runtime, who);
    expect(result.error).toBeNull();
    expect(await sessionUser(runtime, result.headers)).toMatchObject({ email: who.email, role, active: true });
  });

  it.each([
    ["only unmapped groups", ["staff", "everyone"]],
    ["no groups claim", undefined],
  ])("refuses a person with %s, with a clear message, and creates nothing", async (_what, groups) => {
    const who = person(`unmapped-${String(groups?.length ?? 0)}`, groups);
    const result = await ssoSignIn(runtime, who);
    expect(result.error).toBe("no_mapped_group");
    expect(result.errorDescription).toMatch(/none of your identity provider groups gives a role/i);
    expect(await sessionUser(runtime, result.headers)).toBeNull();
    expect(await staffByEmail(runtime, who.email)).toBeNull();
  });

  it("follows the groups at each sign-in: a new group changes the role, no mapped group refuses", async () => {
    const first = await ssoSignIn(runtime, person("mover", ["dispatch"]));
    expect(await sessionUser(runtime, first.headers)).toMatchObject({ role: "dispatcher" });
    const second = await ssoSignIn(runtime, person("mover", ["field"]));
    expect(await sessionUser(runtime, second.headers)).toMatchObject({ role: "technician" });
    const third = await ssoSignIn(runtime, person("mover", ["former-staff"]));
    expect(third.error).toBe("no_mapped_group");
    expect(await sessionUser(runtime, third.headers)).toBeNull();
  });

  it("still does not take over an existing password account by email", async () => {
    const result = await ssoSignIn(
      runtime,
      person("billing", ["ops-admins"], { sub: "someone-else", email: "billing@demo.test" }),
    );
    expect(result.error).toBe("account_not_linked");
    expect((await staffByEmail(runtime, "billing@demo.test"))?.role).toBe("billing");
  });
});

describe("single sign-on with OIDC_LINK_VERIFIED_EMAIL=true", () => {
  let runtime: TestRuntime;
  beforeAll(async () => {
    runtime = await createSeededRuntime({ oidc: oidcConfig({ linkVerifiedEmail: true }) });
  }, 60_000);
  afterAll(async () => runtime?.close());

  it("refuses to link when the provider has not verified the email", async () => {
    const result = await ssoSignIn(
      runtime,
      person("support", ["dispatch"], { email: "support@demo.test", email_verified: false }),
    );
    expect(result.error).toBe("account_not_linked");
  });

  it("links a provider-verified email to the existing account, with the role of the groups", async () => {
    const result = await ssoSignIn(runtime, person("support", ["dispatch"], { email: "support@demo.test" }));
    expect(result.error).toBeNull();
    expect(await sessionUser(runtime, result.headers)).toMatchObject({
      email: "support@demo.test",
      role: "dispatcher",
    });
  });
});
