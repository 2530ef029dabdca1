import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setRuntime } from "@/server/runtime";
import { appRouter } from "@/server/trpc/root";
import { startFakeStripe, type FakeStripe } from "../fakes/stripe-server";
import { startFakeTwilio, type FakeTwilioServer } from "../fakes/twilio-server";
import { createSeededRuntime, testConfig, type TestRuntime } from "../support/test-runtime";
import { RADIUS_DEFAULTS } from "@/server/config/radius";
import { HTTP_METHODS, loadRouteModule, startHttpAppServer, type HttpAppServer } from "../support/http-app-server";
import { admits, AUDIENCES, inBatches, SweepClient, type Audience, type Outcome } from "../support/http-sweep-client";
import {
  PROCEDURE_CASES,
  type Fixtures,
  type ProcedureCase,
  type RouteCase,
  type Target,
} from "../support/access-sweep-cases";
import { ROUTE_CASES } from "../support/access-sweep-routes";
import { loadSweepFixtures, writableState } from "../support/access-sweep-fixtures";

/**
 * The second layer of access, over HTTP: every demo staff account and both demo customers sign
 * in through their realm's real endpoint (cookies from Set-Cookie), then every procedure of the
 * app router and every route handler is called by each of them and by an anonymous visitor, on
 * a real socket. Refused callers must get 401/403 and no data; a customer sending the other
 * customer's ids must get 404/403 and no data; admitted callers must not be refused, and no
 * refused write changes anything. The table is tests/support/access-sweep-cases.ts (procedures)
 * and access-sweep-routes.ts (routes); the last tests fail when a procedure, a route method or
 * a handler of server/main.ts has no entry there, or an entry names nothing.
 *
 * Served in process (tests/support/http-app-server.ts) rather than by the built product: the
 * route modules Next would call, the tRPC and better-auth handlers and main.ts's own handlers,
 * on a seeded copy the test can read to pick each customer's records by owner.
 */

type Kind = ProcedureCase | RouteCase;

let server: HttpAppServer;
let runtime: TestRuntime;
let stripe: FakeStripe;
let twilio: FakeTwilioServer;
let client: SweepClient;
let fixtures: Fixtures;
let targets: [Target, Target];
/** What the refused writes would have changed, as it was before the sweep. */
let before: unknown;
/** Every status the sweep saw, to report rate limiting (429) if it ever shows. */
const statuses = new Map<number, number>();

const procedureType = (name: string) =>
  (appRouter._def.procedures as unknown as Record<string, { _def: { type: "query" | "mutation" | "subscription" } }>)[
    name
  ]?._def.type;

beforeAll(async () => {
  [server, stripe, twilio] = await Promise.all([startHttpAppServer(), startFakeStripe(), startFakeTwilio()]);
  runtime = await createSeededRuntime({
    port: server.port,
    baseUrl: server.baseUrl,
    stripe: { secretKey: stripe.secretKey, webhookSecret: "whsec_access_sweep", apiBaseUrl: stripe.url },
    twilio: {
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
      from: "+15145550100",
      apiBaseUrl: twilio.baseUrl,
    },
    // The inbound email secret is set (so a refusal is about the secret, not the configuration) and never sent.
    mail: { ...testConfig().mail, inboundSecret: "access-sweep-inbound-email-secret-never-sent" },
    // FreeRADIUS's shared secret is set (so a refusal is about the secret, not the configuration) and never sent.
    radius: { ...RADIUS_DEFAULTS, apiSecret: "access-sweep-radius-secret-never-sent" },
  });
  setRuntime(runtime);
  server.attach(runtime);

  client = new SweepClient(server.baseUrl);
  await client.signInAll();
  for (const { status } of client.signInStatuses) statuses.set(status, (statuses.get(status) ?? 0) + 1);
  ({ targets, fixtures } = await loadSweepFixtures(runtime.database.db, client));
  before = await writableState(runtime.database.db, targets);
});

afterAll(async () => {
  await server?.close();
  await runtime?.close();
  await stripe?.close();
  await twilio?.close();
});

/** The records a caller names: a customer names the other customer's, everyone else customer 1's. */
const targetFor = (audience: Audience): Target =>
  audience.kind === "customer" ? targets[1 - audience.index]! : targets[0];

type Expectation =
  | { kind: "refused"; status: 401 | 403; codes: string[] }
  | { kind: "notTheirs"; why: string }
  | { kind: "forged"; statuses: number[] }
  | { kind: "admitted"; invalid: boolean };

function expectationFor(entry: Kind, audience: Audience): Expectation {
  if ("forgedCredential" in entry && entry.forgedCredential)
    return { kind: "forged", statuses: entry.forgedCredential };
  if (!admits(entry.gate, audience))
    return audience.kind === "anonymous" || (entry.realm && entry.realm !== audience.kind)
      ? { kind: "refused", status: 401, codes: ["UNAUTHORIZED", "unauthorized"] }
      : { kind: "refused", status: 403, codes: ["FORBIDDEN", "forbidden"] };
  if (audience.kind === "customer" && entry.owned) return { kind: "notTheirs", why: "the other customer's ids" };
  if (audience.kind === "staff" && audience.role === "technician" && entry.otherTechnicians)
    return { kind: "notTheirs", why: "another technician's job" };
  if (audience.kind === "staff" && entry.rosterOnly && !fixtures.roster.has(audience.email))
    return { kind: "notTheirs", why: "not on the technicians' roster" };
  const writes = "procedure" in entry ? entry.invalidInput !== undefined : entry.invalidRequest !== undefined;
  return { kind: "admitted", invalid: writes };
}

/** What is wrong with one answer (empty: nothing). */
function problemsOf(entry: Kind, audience: Audience, expectation: Expectation, outcome: Outcome): string[] {
  const problems: string[] = [];
  const target = targetFor(audience);
  const body = /json|text/.test(outcome.contentType)
    ? outcome.text.slice(0, 160)
    : `<${outcome.contentType}, ${outcome.text.length} chars>`;
  const said = `${outcome.status} ${outcome.code ?? ""} ${body}`;
  const leaked = target.markers.filter((m) => outcome.text.includes(m));
  const mustHide = expectation.kind !== "admitted" || audience.kind === "customer";
  if (mustHide && leaked.length > 0) problems.push(`shows ${leaked.join(", ")} of customer ${target.customerId}`);
  switch (expectation.kind) {
    case "refused":
      // A flat refusal ({ error: "<sentence>" }, read by the phone's upload queue) has no code to compare.
      if (
        outcome.status !== expectation.status ||
        !outcome.refusal ||
        (outcome.code !== null && !expectation.codes.includes(outcome.code))
      )
        problems.push(`expected a ${expectation.status} ${expectation.codes[0]} refusal, got ${said}`);
      break;
    case "notTheirs":
      if (![403, 404].includes(outcome.status) || !outcome.refusal)
        problems.push(`${expectation.why}: expected 404 or 403, got ${said}`);
      break;
    case "forged":
      if (!expectation.statuses.includes(outcome.status))
        problems.push(`expected ${expectation.statuses.join(" or ")}, got ${said}`);
      break;
    case "admitted":
      if (outcome.status === 401 || outcome.status === 403 || outcome.status >= 500)
        problems.push(`admitted, but got ${said}`);
      else if (expectation.invalid && outcome.status !== 400)
        problems.push(`admitted with invalid input: expected 400, got ${said}`);
      else if (!expectation.invalid && entry.check) {
        const problem = entry.check(audience, outcome, fixtures);
        if (problem) problems.push(problem);
      }
      break;
  }
  return problems;
}

async function callAs(entry: Kind, audience: Audience, expectation: Expectation): Promise<Outcome> {
  const target = targetFor(audience);
  const invalid = expectation.kind === "admitted" && expectation.invalid;
  if ("procedure" in entry) {
    const type = procedureType(entry.procedure);
    if (type !== "query" && type !== "mutation") throw new Error(`${entry.procedure} is not a query or mutation`);
    const input = invalid ? entry.invalidInput : entry.input?.(target, fixtures);
    return client.trpc(audience, entry.procedure, type, input);
  }
  const request = invalid ? entry.invalidRequest!(target, fixtures) : entry.request(target, fixtures);
  const method = entry.route.split(" ")[0]!;
  return client.http(audience, method, request.path, { headers: request.headers, body: request.body });
}

async function sweep(entry: Kind): Promise<string[]> {
  const problems = (
    await inBatches(AUDIENCES, AUDIENCES.length, async (audience) => {
      const expectation = expectationFor(entry, audience);
      const outcome = await callAs(entry, audience, expectation);
      statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
      return problemsOf(entry, audience, expectation, outcome).map((p) => `${audience.id}: ${p}`);
    })
  ).flat();
  if ("after" in entry && entry.after) problems.push(...(await entry.after(fixtures)).map((p) => `afterwards: ${p}`));
  return problems;
}

const titleOf = (entry: RouteCase) => (entry.title ? `${entry.route}: ${entry.title}` : entry.route);

describe("every procedure over /api/trpc, as every caller", () => {
  it.each(PROCEDURE_CASES.map((entry) => [entry.procedure, entry] as const))("%s", async (_name, entry) => {
    expect(await sweep(entry)).toEqual([]);
  });
});

describe("every route handler, as every caller", () => {
  it.each(ROUTE_CASES.map((entry) => [titleOf(entry), entry] as const))("%s", async (_name, entry) => {
    expect(await sweep(entry)).toEqual([]);
  });
});

describe("the sweep itself", () => {
  it("signed every account in once, and nothing was rate limited", () => {
    expect(client.signInStatuses.map((s) => s.status)).toEqual(AUDIENCES.slice(0, -1).map(() => 200));
    expect(statuses.get(429) ?? 0, "answers 429 Too Many Requests").toBe(0);
  });

  it("changed nothing by any refused call, nor by an admitted one with invalid input", async () => {
    expect(await writableState(fixtures.db, targets)).toEqual(before);
  });

  it("gives the two customers different records", () => {
    expect(targets[0].customerId).not.toBe(targets[1].customerId);
    expect(targets[0].invoiceId).not.toBe(targets[1].invoiceId);
  });

  it("has an entry for every procedure of the app router, and none for a procedure that does not exist", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    const covered = new Set(PROCEDURE_CASES.map((c) => c.procedure));
    expect(
      procedures.filter((p) => !covered.has(p)),
      "procedures without an entry in tests/support/access-sweep-cases.ts",
    ).toEqual([]);
    expect(
      [...covered].filter((p) => !procedures.includes(p)),
      "entries naming no procedure",
    ).toEqual([]);
    expect(PROCEDURE_CASES.length, "one entry per procedure").toBe(covered.size);
  });

  it("has an entry for every method of every route handler under app/, and none for a route that does not exist", async () => {
    const served: string[] = [];
    for (const route of server.routes) {
      const module = await loadRouteModule(route);
      for (const method of HTTP_METHODS)
        if (typeof module[method] === "function") served.push(`${method} ${route.pattern}`);
    }
    expect(served).toContain("GET /api/invoices/[id]/pdf");
    const covered = new Set(ROUTE_CASES.filter((c) => !c.servedBy).map((c) => c.route));
    expect(
      served.filter((r) => !covered.has(r)).sort(),
      "route handlers without an entry in tests/support/access-sweep-routes.ts",
    ).toEqual([]);
    expect([...covered].filter((r) => !served.includes(r)).sort(), "entries naming no route handler").toEqual([]);
  });

  it("has an entry for every handler server/main.ts serves ahead of Next, and none for one it does not", () => {
    const main = readFileSync(path.join(import.meta.dirname, "../../server/main.ts"), "utf8");
    const handlers = [...main.matchAll(/\b(create\w+Handler)\(/g)].map((m) => m[1]!);
    expect(handlers).toContain("createOsmAndHandler");
    const covered = new Set(ROUTE_CASES.flatMap((c) => (c.servedBy ? [c.servedBy] : [])));
    expect(
      handlers.filter((h) => !covered.has(h)),
      "main.ts handlers without an entry in tests/support/access-sweep-routes.ts",
    ).toEqual([]);
    expect(
      [...covered].filter((h) => !handlers.includes(h)),
      "entries naming no main.ts handler",
    ).toEqual([]);
  });
});
