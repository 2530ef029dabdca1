import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InvalidConfigError, loadConfig } from "../config";

/** The security side of the configuration: where the trial listens, single sign-on roles, encryption key ids. */
const AUTH_SECRET = "test-auth-secret-0123456789abcdefghij";
const KEY_HEX = "0123456789abcdef".repeat(4);
const DEPLOYMENT = { DATABASE_URL: "postgres://fibre@db.example:5432/fibre", AUTH_SECRET, APP_ENCRYPTION_KEY: KEY_HEX };
const SSO = {
  OIDC_ISSUER: "https://auth.example/application/o/ops/",
  OIDC_CLIENT_ID: "ops",
  OIDC_CLIENT_SECRET: "oidc-secret",
};

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "fibre-ops-config-security-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, ...env }, { log: () => {} });
function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe("HOST default per mode", () => {
  it.each([
    ["the embedded trial listens on this machine only", {}, "127.0.0.1"],
    ["a deployment listens on every interface", DEPLOYMENT, "0.0.0.0"],
    ["HOST wins in the trial", { HOST: "0.0.0.0" }, "0.0.0.0"],
    ["HOST wins in a deployment", { ...DEPLOYMENT, HOST: "10.0.0.5" }, "10.0.0.5"],
    ["a blank HOST is unset", { HOST: " " }, "127.0.0.1"],
  ])("%s", (_what, env: Record<string, string>, host) => {
    expect(load(env).host).toBe(host);
  });
});

describe("the trial's generated secrets", () => {
  it("are announced on one line naming the file, the first time they are generated", () => {
    const log = vi.fn();
    loadConfig({ DATA_DIR: dataDir }, { log });
    expect(log).toHaveBeenCalledOnce();
    expect(log.mock.calls[0]![0]).toMatch(/generated .*secrets\.json/);
  });
});

describe("single sign-on roles", () => {
  it("reads the groups claim and the role map, in order, with sign-up and email linking off by default", () => {
    expect(load({ ...DEPLOYMENT, ...SSO, OIDC_ROLE_MAP: "ops-admins=admin, dispatch=dispatcher" }).oidc).toEqual({
      issuer: SSO.OIDC_ISSUER,
      clientId: "ops",
      clientSecret: "oidc-secret",
      allowSignUp: false,
      linkVerifiedEmail: false,
      groupsClaim: "groups",
      roleMap: [
        { group: "ops-admins", role: "admin" },
        { group: "dispatch", role: "dispatcher" },
      ],
    });
    expect(
      load({
        ...DEPLOYMENT,
        ...SSO,
        OIDC_ROLE_MAP: "techs=technician",
        OIDC_GROUPS_CLAIM: "roles",
        OIDC_ALLOW_SIGN_UP: "true",
        OIDC_LINK_VERIFIED_EMAIL: "yes",
      }).oidc,
    ).toMatchObject({ allowSignUp: true, linkVerifiedEmail: true, groupsClaim: "roles" });
  });

  it.each<[Record<string, string>, string]>([
    [
      { OIDC_ROLE_MAP: "ops-admins=owner" },
      'OIDC_ROLE_MAP names the role "owner" for the group "ops-admins": roles are admin, dispatcher, technician, billing, support (set OIDC_ROLE_MAP like ops-admins=admin,dispatch=dispatcher)',
    ],
    [
      { OIDC_ROLE_MAP: "ops-admins" },
      'OIDC_ROLE_MAP must be group=role pairs separated by commas, got "ops-admins" (set OIDC_ROLE_MAP like ops-admins=admin,dispatch=dispatcher)',
    ],
    [
      { OIDC_ROLE_MAP: "a=admin,a=support" },
      'OIDC_ROLE_MAP maps the group "a" twice: give each group one role (set OIDC_ROLE_MAP like ops-admins=admin,dispatch=dispatcher)',
    ],
    [
      { OIDC_DEFAULT_ROLE: "support", OIDC_ROLE_MAP: "a=admin" },
      "OIDC_DEFAULT_ROLE is no longer read: a person signing in with single sign-on gets the role of their identity provider groups, so unset OIDC_DEFAULT_ROLE and set OIDC_ROLE_MAP (like ops-admins=admin,dispatch=dispatcher)",
    ],
    [
      {},
      "OIDC_ROLE_MAP is not set but OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are: set OIDC_ROLE_MAP (which identity provider group gives which role, like ops-admins=admin,dispatch=dispatcher), or unset OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET to run without staff single sign-on",
    ],
    [
      { OIDC_ROLE_MAP: "a=admin", OIDC_ALLOW_SIGN_UP: "maybe" },
      'OIDC_ALLOW_SIGN_UP must be true or false, got "maybe"',
    ],
  ])("refuses to start on %j with a sentence saying what to set", (env, sentence) => {
    expect(problemsOf({ ...DEPLOYMENT, ...SSO, ...env })).toEqual([sentence]);
  });
});

describe("encryption keys", () => {
  const derivedId = (key: Buffer) => `k${createHash("sha256").update(key).digest("hex").slice(0, 8)}`;

  it("takes APP_ENCRYPTION_KEYS as id:base64 pairs, newest first", () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const config = load({
      ...DEPLOYMENT,
      APP_ENCRYPTION_KEY: "",
      APP_ENCRYPTION_KEYS: `2026-12:${a.toString("base64")}, 2026-01:${b.toString("base64")}`,
    });
    expect(config.encryptionKeys).toEqual([
      { id: "2026-12", key: a },
      { id: "2026-01", key: b },
    ]);
  });

  it("keeps APP_ENCRYPTION_KEY as one key with an id derived from it, listed after APP_ENCRYPTION_KEYS", () => {
    const old = Buffer.from(KEY_HEX, "hex");
    expect(load(DEPLOYMENT).encryptionKeys).toEqual([{ id: derivedId(old), key: old }]);
    const fresh = randomBytes(32);
    expect(load({ ...DEPLOYMENT, APP_ENCRYPTION_KEYS: `new:${fresh.toString("base64")}` }).encryptionKeys).toEqual([
      { id: "new", key: fresh },
      { id: derivedId(old), key: old },
    ]);
  });

  it("gives the trial's generated key a derived id too", () => {
    const [key] = load({}).encryptionKeys;
    expect(key!.key).toHaveLength(32);
    expect(key!.id).toBe(derivedId(key!.key));
  });

  it.each<[Record<string, string>, string]>([
    [
      { APP_ENCRYPTION_KEYS: "a:" + Buffer.alloc(16).toString("base64") },
      'APP_ENCRYPTION_KEYS must be id:key pairs separated by commas, newest first, each key 32 bytes in base64 and each id 1 to 32 letters, digits, dots, dashes or underscores: the key of "a" is not 32 bytes; generate one with `openssl rand -base64 32`',
    ],
    [
      { APP_ENCRYPTION_KEYS: Buffer.alloc(32).toString("base64") },
      "APP_ENCRYPTION_KEYS must be id:key pairs separated by commas, newest first, each key 32 bytes in base64 and each id 1 to 32 letters, digits, dots, dashes or underscores: a pair has no id; generate one with `openssl rand -base64 32`",
    ],
    [
      { APP_ENCRYPTION_KEYS: `a:${randomBytes(32).toString("base64")},a:${randomBytes(32).toString("base64")}` },
      'APP_ENCRYPTION_KEYS must be id:key pairs separated by commas, newest first, each key 32 bytes in base64 and each id 1 to 32 letters, digits, dots, dashes or underscores: the id "a" is used twice; generate one with `openssl rand -base64 32`',
    ],
  ])("refuses %j without echoing a key", (env, sentence) => {
    const problems = problemsOf({ ...DEPLOYMENT, ...env });
    expect(problems).toEqual([sentence]);
  });

  it("lets a deployment give APP_ENCRYPTION_KEYS alone", () => {
    const key = randomBytes(32);
    expect(
      load({ ...DEPLOYMENT, APP_ENCRYPTION_KEY: "", APP_ENCRYPTION_KEYS: `k1:${key.toString("base64")}` })
        .encryptionKeys,
    ).toEqual([{ id: "k1", key }]);
  });
});
