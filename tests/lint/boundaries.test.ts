/**
 * The lint rules that keep the layers apart (eslint.config.mjs) must not stop working
 * silently: a glob that no longer matches, or a later config block that replaces a rule's
 * options, would let every violation through with `eslint .` still green. Each rule here
 * gets one violation, reported with the expected rule id, and one clean case.
 *
 * The text is linted in memory at the path of a real file of the area it belongs to: the
 * config's globs pick the rules by path, and type-aware linting needs the path to be in
 * the TypeScript project. Nothing is written to disk.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, "eslint.config.mjs"), ignore: false });

/**
 * One real file per area. The text replaces its content in the TypeScript program for the rest
 * of the run, so no case imports a host file (a case reading callerFailure from page-access.ts
 * would see the text of an earlier case instead).
 */
const HOST = {
  libDomain: "lib/domain/billing/overdue.ts",
  component: "components/browser-trpc.ts",
  serverJob: "server/jobs/billing-jobs.ts",
  service: "server/services/billing/deliver-run.ts",
  officeAction: "app/(office)/office/invoices/actions.ts",
  webAdapter: "server/web/tracking-gone.ts",
} as const;

const RESTRICTED = "@typescript-eslint/no-restricted-imports";

async function lint(text: string, host: string) {
  const [result] = await eslint.lintText(text, { filePath: path.join(root, host) });
  return result!.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }));
}

const ruleIds = (messages: Array<{ ruleId: string | null }>) => messages.map((m) => m.ruleId);

beforeAll(async () => {
  // The first type-aware lint builds the TypeScript program once; the cases after it are quick.
  await lint("export const warm = 1;\n", HOST.libDomain);
}, 120_000);

describe("the host files the cases are linted as", () => {
  it.each(Object.values(HOST))("%s exists (rename it here when it moves)", (host) => {
    expect(existsSync(path.join(root, host))).toBe(true);
  });
});

describe("import boundaries", () => {
  it.each([
    [
      "lib/ imports server/ by alias",
      HOST.libDomain,
      'import { activeStaffUser } from "@/server/services/staff/active-staff";\nexport const load = activeStaffUser;\n',
      "@/server/services/staff/active-staff",
    ],
    [
      "lib/ imports server/ by relative path",
      HOST.libDomain,
      'import { TOWNS } from "../../../server/seed/names";\nexport const towns = TOWNS;\n',
      "../../../server/seed/names",
    ],
    [
      "lib/ imports server/ even for a type",
      HOST.libDomain,
      'import type { Queryable } from "@/server/db/client";\nexport type Db = Queryable;\n',
      "@/server/db/client",
    ],
    [
      "lib/ imports components/",
      HOST.libDomain,
      'import { formatMoney } from "@/components/ui/format";\nexport const money = formatMoney;\n',
      "@/components/ui/format",
    ],
    [
      "lib/ imports app/",
      HOST.libDomain,
      'import { resendInvoiceEmailAction } from "@/app/(office)/office/invoices/actions";\nexport const resend = resendInvoiceEmailAction;\n',
      "@/app/(office)/office/invoices/actions",
    ],
    [
      "a component imports a server value",
      HOST.component,
      'import { callerFor } from "@/server/web/page-access";\nexport const caller = callerFor;\n',
      "@/server/web/page-access",
    ],
    [
      "a component imports a service type",
      HOST.component,
      'import type { Customer360 } from "@/server/services/customers/customer-360";\nexport type View = Customer360;\n',
      "@/server/services/customers/customer-360",
    ],
    [
      "a component imports a server type by relative path",
      HOST.component,
      'import type { StaffSession } from "../server/services/actor";\nexport type Session = StaffSession;\n',
      "../server/services/actor",
    ],
    [
      "a component imports a value from the realtime contract",
      HOST.component,
      'import { REALTIME_PATH } from "@/server/realtime/events";\nexport const realtimePath = REALTIME_PATH;\n',
      "@/server/realtime/events",
    ],
    [
      "a component imports a server action from app/",
      HOST.component,
      'import { switchLocale } from "@/app/actions/locale";\nexport const switcher = switchLocale;\n',
      "@/app/actions/locale",
    ],
    [
      "a component imports a type from app/",
      HOST.component,
      'import type { GET } from "@/app/vendor/zxing/[file]/route";\nexport type Handler = typeof GET;\n',
      "@/app/vendor/zxing/[file]/route",
    ],
    [
      "drizzle-orm outside persistence",
      HOST.serverJob,
      'import { eq } from "drizzle-orm";\nexport const same = eq;\n',
      "drizzle-orm",
    ],
    [
      "a drizzle-orm subpath outside persistence",
      HOST.officeAction,
      'import { pgTable } from "drizzle-orm/pg-core";\nexport const table = pgTable;\n',
      "drizzle-orm/pg-core",
    ],
    [
      "drizzle-orm in a component",
      HOST.component,
      'import { sql } from "drizzle-orm";\nexport const raw = sql;\n',
      "drizzle-orm",
    ],
    [
      "@trpc/server in a server action",
      HOST.officeAction,
      'import { TRPCError } from "@trpc/server";\nexport const failure = new TRPCError({ code: "NOT_FOUND" });\n',
      "@trpc/server",
    ],
    [
      "@trpc/server in a component",
      HOST.component,
      'import { initTRPC } from "@trpc/server";\nexport const t = initTRPC.create();\n',
      "@trpc/server",
    ],
    [
      "@trpc/server in lib/",
      HOST.libDomain,
      'import { TRPCError } from "@trpc/server";\nexport const failure = TRPCError;\n',
      "@trpc/server",
    ],
  ])("refuses: %s", async (_name, host, text, source) => {
    const messages = await lint(text, host);
    expect(messages).toContainEqual({ ruleId: RESTRICTED, message: expect.stringContaining(`'${source}'`) });
  });

  it.each([
    [
      "lib/ imports lib/",
      HOST.libDomain,
      'import { daysBetween } from "./periods";\nexport const days = daysBetween("2026-01-01", "2026-01-02");\n',
    ],
    [
      "a component imports the router's type",
      HOST.component,
      'import type { AppRouter } from "@/server/trpc/root";\nexport type Router = AppRouter;\n',
    ],
    [
      "a component imports a type from the realtime contract",
      HOST.component,
      'import type { ServerToClientEvents } from "@/server/realtime/events";\nexport type Events = ServerToClientEvents;\n',
    ],
    [
      "a component imports a shared type from lib/schemas",
      HOST.component,
      'import type { Customer360 } from "@/lib/schemas/customer-360";\nexport type View = Customer360;\n',
    ],
    ["a service uses drizzle-orm", HOST.service, 'import { eq } from "drizzle-orm";\nexport const same = eq;\n'],
    [
      "the pages' adapter uses @trpc/server",
      HOST.webAdapter,
      'import { TRPCError } from "@trpc/server";\nexport const failure = new TRPCError({ code: "NOT_FOUND" });\n',
    ],
    [
      "a server action reads a refusal through server/web",
      HOST.officeAction,
      'import { callerFailure } from "@/server/web/page-access";\nexport const codeOf = (error: unknown) => callerFailure(error)?.code;\n',
    ],
  ])("allows: %s", async (_name, host, text) => {
    expect(await lint(text, host)).toEqual([]);
  });
});

describe("promises (type-aware rules)", () => {
  const work = "function work(): Promise<void> {\n  return Promise.resolve();\n}\n";

  it("refuses a floating promise", async () => {
    expect(ruleIds(await lint(`${work}export function start(): void {\n  work();\n}\n`, HOST.serverJob))).toEqual([
      "@typescript-eslint/no-floating-promises",
    ]);
  });

  it("refuses a promise handed to a callback that expects nothing back", async () => {
    expect(
      ruleIds(await lint(`${work}export function later(): void {\n  setTimeout(work, 10);\n}\n`, HOST.serverJob)),
    ).toEqual(["@typescript-eslint/no-misused-promises"]);
  });

  it("allows a promise that is awaited, caught, or marked as left to run", async () => {
    const text = `${work}export async function now(): Promise<void> {\n  await work();\n}\nexport function start(): void {\n  work().catch((error: unknown) => console.error(error));\n  setTimeout(() => void work(), 10);\n}\n`;
    expect(await lint(text, HOST.serverJob)).toEqual([]);
  });
});
