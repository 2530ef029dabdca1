import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, like } from "drizzle-orm";
import { customers, portalUsers, portalVerifications, signInAttempts } from "@/server/db/schema";
import { DEMO_CUSTOMERS } from "@/server/seed/demo-accounts";
import { leafParts, parseMime, startFakeSmtpServer, type FakeSmtpServer } from "../fakes/smtp-server";
import { createSeededRuntime, signIn, TEST_BASE_URL, testConfig, type TestRuntime } from "../support/test-runtime";

/**
 * Magic links, password resets and email changes of the customer realm, through its real HTTP
 * handler, with the links read from what a real SMTP server received.
 */
let smtp: FakeSmtpServer;
let runtime: TestRuntime;
const french = DEMO_CUSTOMERS.find((c) => c.language === "fr")!;
const english = DEMO_CUSTOMERS.find((c) => c.language === "en")!;

beforeAll(async () => {
  smtp = await startFakeSmtpServer();
  runtime = await createSeededRuntime({ mail: { ...testConfig().mail, smtpUrl: smtp.url } });
});
afterAll(async () => {
  await smtp?.close();
  await runtime?.close();
});

async function call(method: "GET" | "POST", path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await runtime.customerAuth.handler(
    new Request(path.startsWith("http") ? path : `${TEST_BASE_URL}/api/auth/customer${path}`, {
      method,
      headers: { "content-type": "application/json", origin: TEST_BASE_URL, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: "manual",
    }),
  );
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json, headers: response.headers };
}

/** The plain text of the newest message sent to an address, after `since` messages. */
function mailTo(address: string, since: number) {
  const mail = smtp.messages.slice(since).findLast((m) => m.to.includes(address));
  if (!mail) return null;
  const parsed = parseMime(mail.raw);
  const text = leafParts(parsed).find((p) => p.headers.get("content-type")?.startsWith("text/plain"));
  return { subject: parsed.headers.get("subject") ?? "", text: text?.body.toString("utf8") ?? "" };
}

function linkIn(text: string): string {
  const match = /https?:\/\/\S+/.exec(text);
  if (!match) throw new Error(`no link in: ${text}`);
  return match[0];
}

function cookiesOf(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function resetLimits() {
  await runtime.db.delete(signInAttempts).where(like(signInAttempts.key, "customer:mail-link:%"));
}

describe("magic link", () => {
  it("emails a link in the customer's language that signs them in, once", async () => {
    await resetLimits();
    const before = smtp.messages.length;
    const asked = await call("POST", "/sign-in/magic-link", {
      email: english.email,
      callbackURL: "https://evil.test/",
    });
    expect(asked.status).toBe(200);
    const mail = mailTo(english.email, before);
    expect(mail?.subject).toBe("Your customer portal sign-in link");
    const link = new URL(linkIn(mail!.text));
    expect(link.pathname).toBe("/api/auth/customer/magic-link/verify");
    // The landing page is ours, whatever the request named.
    expect(link.searchParams.get("callbackURL")).toBe("/portal");

    const used = await call("GET", link.toString());
    expect(used.status).toBe(302);
    expect(used.headers.get("location")).toBe(`${TEST_BASE_URL}/portal`);
    const session = await call("GET", "/get-session", undefined, { cookie: cookiesOf(used.headers) });
    expect((session.json as { user: { email: string } }).user.email).toBe(english.email);

    const again = await call("GET", link.toString());
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toContain("/portal/sign-in?error=INVALID_TOKEN");
    expect(again.headers.getSetCookie().some((c) => c.startsWith("portal.session_token="))).toBe(false);
  });

  it("refuses a link past its 15 minutes", async () => {
    await resetLimits();
    const before = smtp.messages.length;
    await call("POST", "/sign-in/magic-link", { email: french.email });
    const mail = mailTo(french.email, before);
    expect(mail?.subject).toBe("Votre lien de connexion à l'espace client");
    const link = linkIn(mail!.text);
    // The link's row, aged past its expiry (no sleeping): the only magic-link row left unused.
    const rows = await runtime.db
      .select()
      .from(portalVerifications)
      .where(like(portalVerifications.identifier, "magic-link:%"));
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeLessThanOrEqual(15 * 60 * 1000 + 1000);
    await runtime.db
      .update(portalVerifications)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(portalVerifications.id, row!.id));
    const used = await call("GET", link);
    expect(used.headers.get("location")).toContain("/portal/sign-in?error=INVALID_TOKEN");
    expect(used.headers.getSetCookie().some((c) => c.startsWith("portal.session_token="))).toBe(false);
  });

  it("answers an unknown address exactly as a known one, and sends nothing", async () => {
    await resetLimits();
    const before = smtp.messages.length;
    const unknown = await call("POST", "/sign-in/magic-link", { email: "nobody-here@demo.test" });
    const known = await call("POST", "/sign-in/magic-link", { email: french.email });
    expect(unknown.status).toBe(known.status);
    expect(unknown.json).toEqual(known.json);
    expect(smtp.messages.slice(before).some((m) => m.to.includes("nobody-here@demo.test"))).toBe(false);
    const reset = await call("POST", "/request-password-reset", { email: "nobody-here@demo.test" });
    const resetKnown = await call("POST", "/request-password-reset", { email: french.email });
    expect(reset.status).toBe(resetKnown.status);
    expect(reset.json).toEqual(resetKnown.json);
  });

  it("limits link requests per address asked for, with a sentence in the customer's language", async () => {
    await resetLimits();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await call("POST", "/sign-in/magic-link", { email: "flood@demo.test" })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await call(
      "POST",
      "/request-password-reset",
      { email: "flood@demo.test" },
      { "accept-language": "fr-CA" },
    );
    expect(refused.status).toBe(429);
    expect((refused.json as { message: string }).message).toMatch(/Trop de demandes de lien/);
  });
});

describe("password reset", () => {
  it("sets a new password through the emailed link, once", async () => {
    await resetLimits();
    const before = smtp.messages.length;
    await call("POST", "/request-password-reset", { email: french.email });
    const mail = mailTo(french.email, before);
    expect(mail?.subject).toBe("Réinitialiser votre mot de passe");
    const link = new URL(linkIn(mail!.text));
    expect(link.pathname).toBe("/portal/reset-password");
    const token = link.searchParams.get("token")!;
    const newPassword = "a-brand-new-password-2026";
    const first = await call("POST", "/reset-password", { token, newPassword });
    expect(first.status).toBe(200);
    expect((await signIn(runtime, "customer", french.email, newPassword)).status).toBe(200);
    const second = await call("POST", "/reset-password", { token, newPassword: "yet-another-password-2026" });
    expect(second.status).toBe(400);
    expect((second.json as { code: string }).code).toBe("INVALID_TOKEN");
    expect((await signIn(runtime, "customer", french.email, "yet-another-password-2026")).status).toBe(401);
  });
});

describe("email change", () => {
  it("changes the address (and the customer's) only through the link sent to the new address", async () => {
    await resetLimits();
    const { headers } = await signIn(runtime, "customer", english.email);
    const newEmail = `moved-${Date.now()}@demo.test`;
    const before = smtp.messages.length;
    const asked = await call("POST", "/change-email", { newEmail }, { cookie: headers.get("cookie")! });
    expect(asked.status).toBe(200);
    // Nothing changed yet, and nothing went to the old address.
    const [unchanged] = await runtime.db.select().from(portalUsers).where(eq(portalUsers.email, english.email));
    expect(unchanged).toBeDefined();
    expect(mailTo(english.email, before)).toBeNull();
    const mail = mailTo(newEmail, before);
    expect(mail?.subject).toBe("Confirm your new email address");
    const confirmed = await call("GET", linkIn(mail!.text));
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("location")).toContain("/portal/account");
    const [moved] = await runtime.db.select().from(portalUsers).where(eq(portalUsers.email, newEmail));
    expect(moved).toBeDefined();
    const [customer] = await runtime.db.select().from(customers).where(eq(customers.id, moved!.customerId));
    expect(customer!.email).toBe(newEmail);
    // The link works once: the address it was bound to is gone.
    const again = await call("GET", linkIn(mail!.text));
    expect(again.headers.get("location")).toContain("error=");
  });
});
