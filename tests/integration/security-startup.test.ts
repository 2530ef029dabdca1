import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/server/db/client";
import { auditLog, customers, staffUsers } from "@/server/db/schema";
import { buildRuntime, type Runtime } from "@/server/runtime";
import { prepareDatabaseOnStart } from "@/server/seed/auto-seed";
import { AdminCreateRefused, createFirstAdmin } from "@/server/services/staff/create-admin";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-database";
import { DEMO_PASSWORD, signIn, testConfig } from "@/tests/support/test-runtime";
import { productProcessEnv } from "@/tests/support/child-env";

/** Issue 13, item 2: a trial is not a deployment, and a deployment starts with no known password. */
const DEPLOYMENT_URL = "postgres://fibre@db.example:5432/fibre";

async function count(runtime: Runtime, table: typeof customers | typeof staffUsers): Promise<number> {
  const [row] = await runtime.database.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(table);
  return row?.n ?? 0;
}

describe("a deployment (DATABASE_URL set) on an empty database", () => {
  let database: TestDatabase;
  let runtime: Runtime;
  beforeAll(async () => {
    database = await createTestDatabase();
    runtime = buildRuntime(testConfig({ databaseUrl: DEPLOYMENT_URL, host: "0.0.0.0" }), database.handle);
  }, 60_000);
  afterAll(async () => {
    await runtime?.jobs.stop();
    await database?.drop();
  });

  it("loads no demo data by itself and prints how to create the first administrator", async () => {
    const lines: string[] = [];
    await prepareDatabaseOnStart(runtime, (line) => lines.push(line));
    expect(await count(runtime, customers)).toBe(0);
    expect(await count(runtime, staffUsers)).toBe(0);
    expect(lines.join("\n")).toContain("npm run admin:create -- <email>");
    expect(lines.join("\n")).not.toContain(DEMO_PASSWORD);
  });

  it("admin:create makes an active administrator who signs in with the chosen password", async () => {
    const password = "a-long-first-admin-password";
    const admin = await createFirstAdmin(runtime.database.db, { email: " Ops.Lead@Fibre.Example ", password });
    expect(admin).toMatchObject({ email: "ops.lead@fibre.example", role: "admin" });
    const session = await signIn(runtime, "staff", "ops.lead@fibre.example", password);
    expect(session.status).toBe(200);
    const me = await runtime.staffAuth.api.getSession({ headers: session.headers });
    expect(me?.user).toMatchObject({ email: "ops.lead@fibre.example", role: "admin", active: true });
    expect((await signIn(runtime, "staff", "ops.lead@fibre.example", "wrong-password-123")).status).toBe(401);
    // The account's creation is in the audit log, written by the system (the command line).
    const audited = await runtime.database.db.select().from(auditLog).where(eq(auditLog.entityId, admin.id));
    expect(audited).toEqual([
      expect.objectContaining({
        actorRealm: "system",
        actorId: null,
        action: "staff_user.create",
        entityType: "staff_user",
        changes: {
          email: { from: null, to: "ops.lead@fibre.example" },
          role: { from: null, to: "admin" },
          active: { from: null, to: true },
        },
      }),
    ]);

    // With a staff user, the next start has nothing to say about admin:create.
    const lines: string[] = [];
    await prepareDatabaseOnStart(runtime, (line) => lines.push(line));
    expect(lines.join("\n")).not.toContain("admin:create");
  });

  it.each([
    ["an email already taken", "ops.lead@fibre.example", "a-long-first-admin-password", /already has a staff account/],
    ["a malformed email", "not-an-email", "a-long-first-admin-password", /is not an email address/],
    ["a short password", "second@fibre.example", "short", /at least 12 characters/],
  ])("admin:create refuses %s and changes nothing", async (_what, email, password, message) => {
    const before = await count(runtime, staffUsers);
    await expect(createFirstAdmin(runtime.database.db, { email, password })).rejects.toThrow(message);
    await expect(createFirstAdmin(runtime.database.db, { email, password })).rejects.toBeInstanceOf(AdminCreateRefused);
    expect(await count(runtime, staffUsers)).toBe(before);
  });
});

describe("a deployment with the demo data loaded by npm run seed", () => {
  let database: TestDatabase;
  let runtime: Runtime;
  beforeAll(async () => {
    database = await createTestDatabase({ seeded: true });
    runtime = buildRuntime(testConfig({ databaseUrl: DEPLOYMENT_URL, host: "0.0.0.0" }), database.handle);
  }, 60_000);
  afterAll(async () => {
    await runtime?.jobs.stop();
    await database?.drop();
  });

  it("warns that the demo accounts are open, since a deployment should not keep them", async () => {
    const lines: string[] = [];
    await prepareDatabaseOnStart(runtime, (line) => lines.push(line));
    expect(lines.join("\n")).toMatch(/demo accounts .*open.*demo-password-2026/i);
  });
});

describe("the embedded trial (no DATABASE_URL)", () => {
  let database: TestDatabase;
  let runtime: Runtime;
  beforeAll(async () => {
    database = await createTestDatabase({ seeded: true });
    runtime = buildRuntime(testConfig({ databaseUrl: undefined, host: "127.0.0.1" }), database.handle);
  }, 60_000);
  afterAll(async () => {
    await runtime?.jobs.stop();
    await database?.drop();
  });

  it("says in the log that the demo accounts are open, with their password and who can reach them", async () => {
    const lines: string[] = [];
    await prepareDatabaseOnStart(runtime, (line) => lines.push(line));
    const line = lines.find((l) => l.includes("demo-password-2026"));
    expect(line).toMatch(/demo accounts .*open/i);
    expect(line).toContain("admin@demo.test");
    expect(line).toContain("this machine only");
  });
});

describe("npm run admin:create", () => {
  const script = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/admin-create.ts", ...args], {
      env: productProcessEnv(env),
      encoding: "utf8",
      input: "",
      timeout: 120_000,
    });

  it("answers --help", () => {
    const run = script(["--help"], {});
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: npm run admin:create -- <email>");
  });

  it.each([
    [["not-an-email"], /is not an email address/],
    [[], /give exactly one email address/],
    [["a@b.example", "--role=owner"], /unknown option "--role=owner"/],
  ])("refuses %j with a clear message and status 2", (args, message) => {
    const run = script(args, {});
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("generates and prints a strong password when there is no terminal, and that password signs in", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "fibre-ops-admin-create-"));
    try {
      const run = script(["first.admin@fibre.example"], { DATA_DIR: dataDir, DATABASE_URL: "" });
      expect(run.stderr).not.toMatch(/Error/);
      expect(run.status).toBe(0);
      const password = /password: (\S+)/.exec(run.stdout)?.[1];
      expect(password?.length).toBeGreaterThanOrEqual(20);
      const again = script(["first.admin@fibre.example"], { DATA_DIR: dataDir, DATABASE_URL: "" });
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/already has a staff account/);

      const handle = await openDatabase({ pgliteDir: path.join(dataDir, "pglite") });
      const runtime = buildRuntime(testConfig(), handle);
      try {
        expect((await signIn(runtime, "staff", "first.admin@fibre.example", password)).status).toBe(200);
      } finally {
        await runtime.jobs.stop();
        await handle.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
