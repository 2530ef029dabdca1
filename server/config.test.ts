import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InvalidConfigError, loadConfig, type ServerConfig } from "./config";
import { encryptionKeyId } from "./crypto/secret-box";

const AUTH_SECRET = "test-auth-secret-0123456789abcdefghij";
const APP_ENCRYPTION_KEY = "0123456789abcdef".repeat(4);
const DEPLOYMENT = { DATABASE_URL: "postgres://fibre@db.example:5432/fibre", AUTH_SECRET, APP_ENCRYPTION_KEY };

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "fibre-ops-config-"));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const silent = { log: () => {} };
const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, ...env }, silent);
function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}
const secretsFile = () => path.join(dataDir, "secrets.json");
const ring = (key: Buffer) => [{ id: encryptionKeyId(key), key }];

describe("the embedded trial (no DATABASE_URL)", () => {
  it("needs no configuration: generates its secrets once beside the database and says so once", () => {
    const log = vi.fn();
    const first = loadConfig({ DATA_DIR: dataDir, NODE_ENV: "production" }, { log });
    const stored = JSON.parse(readFileSync(secretsFile(), "utf8")) as { authSecret: string; encryptionKey: string };
    expect(statSync(secretsFile()).mode & 0o777).toBe(0o600);
    expect(first).toEqual({
      port: 3000,
      host: "127.0.0.1",
      baseUrl: "http://localhost:3000",
      trustedProxyHops: 0,
      databaseUrl: undefined,
      dataDir,
      authSecret: stored.authSecret,
      encryptionKeys: ring(Buffer.from(stored.encryptionKey, "base64")),
      oidc: null,
      billing: {
        providerName: "Fibre Démo inc.",
        gstNumber: "123456789 RT0001",
        qstNumber: "1234567890 TQ0001",
        dunningReminderDays: [3, 10],
        dunningSuspendDays: 21,
      },
      mail: { smtpUrl: undefined, from: "Fibre Démo <facturation@fibre-demo.test>" },
      stripe: null,
      twilio: null,
      traccar: null,
      genieacs: null,
      redisUrl: undefined,
      gpsRetentionDays: 30,
      storage: { dir: path.join(dataDir, "files"), s3: null },
    } satisfies ServerConfig);
    expect(first.encryptionKeys[0]!.key).toHaveLength(32);

    const second = loadConfig({ DATA_DIR: dataDir }, { log });
    expect([second.authSecret, second.encryptionKeys]).toEqual([first.authSecret, first.encryptionKeys]);
    expect(log).toHaveBeenCalledOnce();
    expect(log.mock.calls[0]![0]).toMatch(
      /^No DATABASE_URL: .*AUTH_SECRET and APP_ENCRYPTION_KEY generated now and kept in .*secrets\.json/,
    );
  });

  it("prefers a secret that is set over the generated one", () => {
    const config = load({ AUTH_SECRET });
    expect(config.authSecret).toBe(AUTH_SECRET);
    expect(config.encryptionKeys).toEqual(
      ring(
        Buffer.from(
          (JSON.parse(readFileSync(secretsFile(), "utf8")) as { encryptionKey: string }).encryptionKey,
          "base64",
        ),
      ),
    );
  });
});

describe("a deployment (DATABASE_URL set)", () => {
  it("reads every variable", () => {
    const config = load({
      ...DEPLOYMENT,
      PORT: "8080",
      HOST: "127.0.0.1",
      BASE_URL: "https://ops.fibre.example/",
      TRUSTED_PROXY_HOPS: "1",
      REDIS_URL: "redis://cache:6379",
      OIDC_ISSUER: "https://auth.example/application/o/ops/",
      OIDC_CLIENT_ID: "ops",
      OIDC_CLIENT_SECRET: "oidc-secret",
      OIDC_ROLE_MAP: "ops-admins=admin",
      PROVIDER_NAME: "Fibre Nord inc.",
      PROVIDER_GST_NUMBER: "987654321 RT0001",
      PROVIDER_QST_NUMBER: "0987654321 TQ0001",
      DUNNING_REMINDER_DAYS: "10, 3,7",
      DUNNING_SUSPEND_DAYS: "30",
      SMTP_URL: "smtp://mail:587",
      MAIL_FROM: "Fibre Nord <factures@fibre.example>",
      STRIPE_SECRET_KEY: "sk_live_1",
      STRIPE_WEBHOOK_SECRET: "whsec_1",
      STRIPE_API_BASE: "http://127.0.0.1:12111",
      TWILIO_ACCOUNT_SID: "AC1",
      TWILIO_AUTH_TOKEN: "twilio-token",
      TWILIO_FROM: "+15145550000",
      TWILIO_API_BASE: "http://127.0.0.1:12112",
      TRACCAR_URL: "https://traccar.example",
      TRACCAR_EMAIL: "feed@fibre.example",
      TRACCAR_PASSWORD: "traccar-password",
      GENIEACS_URL: "http://acs.fibre.example:7557/",
      GENIEACS_USERNAME: "nbi",
      GENIEACS_PASSWORD: "nbi-password",
      GPS_RETENTION_DAYS: "90",
      FILE_STORAGE_DIR: "/srv/files",
      S3_BUCKET: "photos",
      S3_ENDPOINT: "http://minio:9000/",
      S3_REGION: "ca-central-1",
      S3_ACCESS_KEY_ID: "AKIA1",
      S3_SECRET_ACCESS_KEY: "s3-secret",
      S3_FORCE_PATH_STYLE: "no",
    });
    expect(config).toEqual({
      port: 8080,
      host: "127.0.0.1",
      baseUrl: "https://ops.fibre.example",
      trustedProxyHops: 1,
      databaseUrl: DEPLOYMENT.DATABASE_URL,
      dataDir,
      authSecret: AUTH_SECRET,
      encryptionKeys: ring(Buffer.from(APP_ENCRYPTION_KEY, "hex")),
      oidc: {
        issuer: "https://auth.example/application/o/ops/",
        clientId: "ops",
        clientSecret: "oidc-secret",
        allowSignUp: false,
        linkVerifiedEmail: false,
        groupsClaim: "groups",
        roleMap: [{ group: "ops-admins", role: "admin" }],
      },
      billing: {
        providerName: "Fibre Nord inc.",
        gstNumber: "987654321 RT0001",
        qstNumber: "0987654321 TQ0001",
        dunningReminderDays: [3, 7, 10],
        dunningSuspendDays: 30,
      },
      mail: { smtpUrl: "smtp://mail:587", from: "Fibre Nord <factures@fibre.example>" },
      stripe: { secretKey: "sk_live_1", webhookSecret: "whsec_1", apiBaseUrl: "http://127.0.0.1:12111" },
      twilio: {
        accountSid: "AC1",
        authToken: "twilio-token",
        from: "+15145550000",
        apiBaseUrl: "http://127.0.0.1:12112",
      },
      traccar: { url: "https://traccar.example", email: "feed@fibre.example", password: "traccar-password" },
      genieacs: { url: "http://acs.fibre.example:7557", credentials: { username: "nbi", password: "nbi-password" } },
      redisUrl: "redis://cache:6379",
      gpsRetentionDays: 90,
      storage: {
        dir: "/srv/files",
        s3: {
          bucket: "photos",
          region: "ca-central-1",
          endpoint: "http://minio:9000",
          accessKeyId: "AKIA1",
          secretAccessKey: "s3-secret",
          forcePathStyle: false,
        },
      },
    } satisfies ServerConfig);
    expect(existsSync(secretsFile())).toBe(false);
  });

  it("takes the encryption key as base64 as well as hex", () => {
    expect(
      load({ ...DEPLOYMENT, APP_ENCRYPTION_KEY: Buffer.from(APP_ENCRYPTION_KEY, "hex").toString("base64") })
        .encryptionKeys,
    ).toEqual(ring(Buffer.from(APP_ENCRYPTION_KEY, "hex")));
  });

  it.each([
    [
      "AUTH_SECRET",
      { AUTH_SECRET: undefined },
      "AUTH_SECRET is not set, and a deployment (DATABASE_URL is set) needs it",
      "openssl rand -base64 32",
    ],
    [
      "AUTH_SECRET",
      { AUTH_SECRET: "" },
      "AUTH_SECRET is not set, and a deployment (DATABASE_URL is set) needs it",
      "openssl rand -base64 32",
    ],
    [
      "APP_ENCRYPTION_KEY",
      { APP_ENCRYPTION_KEY: undefined },
      "APP_ENCRYPTION_KEY is not set, and a deployment (DATABASE_URL is set) needs it",
      "openssl rand -hex 32",
    ],
    // npm start always runs in production mode, so NODE_ENV must not make a deployment look like a trial.
    [
      "AUTH_SECRET",
      { AUTH_SECRET: undefined, NODE_ENV: "development" },
      "AUTH_SECRET is not set, and a deployment",
      "openssl rand -base64 32",
    ],
  ])("refuses to start without %s: %j", (_variable, change, sentence, howToGenerate) => {
    const env = Object.fromEntries(
      Object.entries({ ...DEPLOYMENT, ...change }).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(sentence);
    expect(problems[0]).toContain(howToGenerate);
    expect(existsSync(secretsFile())).toBe(false);
  });
});

describe("values", () => {
  it.each<[Record<string, string>, string]>([
    [
      { AUTH_SECRET: "x".repeat(31) },
      "AUTH_SECRET must be at least 32 characters long, not 31: generate one with `openssl rand -base64 32`",
    ],
    [
      { APP_ENCRYPTION_KEY: "0123456789abcdef".repeat(2) },
      "APP_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64: generate one with `openssl rand -hex 32`",
    ],
    [
      { APP_ENCRYPTION_KEY: Buffer.alloc(31, 7).toString("base64") },
      "APP_ENCRYPTION_KEY must be 32 bytes, as 64 hex digits or base64: generate one with `openssl rand -hex 32`",
    ],
    [{ PORT: "http" }, 'PORT must be a port number from 0 to 65535, got "http"'],
    [{ PORT: "70000" }, 'PORT must be a port number from 0 to 65535, got "70000"'],
    [{ PORT: "-1" }, 'PORT must be a port number from 0 to 65535, got "-1"'],
    [{ TRUSTED_PROXY_HOPS: "one" }, 'TRUSTED_PROXY_HOPS must be a number of proxies from 0 to 10, got "one"'],
    [{ TRUSTED_PROXY_HOPS: "11" }, 'TRUSTED_PROXY_HOPS must be a number of proxies from 0 to 10, got "11"'],
    [{ GPS_RETENTION_DAYS: "0" }, 'GPS_RETENTION_DAYS must be a whole number of days from 1 to 365, got "0"'],
    [{ GPS_RETENTION_DAYS: "7.5" }, 'GPS_RETENTION_DAYS must be a whole number of days from 1 to 365, got "7.5"'],
    [{ DUNNING_SUSPEND_DAYS: "366" }, 'DUNNING_SUSPEND_DAYS must be a whole number of days from 1 to 365, got "366"'],
    [
      { DUNNING_REMINDER_DAYS: "3,400" },
      'DUNNING_REMINDER_DAYS must be a comma-separated list of whole days from 0 to 365, got "3,400"',
    ],
    [
      { DUNNING_REMINDER_DAYS: "," },
      'DUNNING_REMINDER_DAYS must be a comma-separated list of whole days from 0 to 365, got ","',
    ],
    [{ BASE_URL: "ops.fibre.example" }, 'BASE_URL must be an http:// or https:// URL, got "ops.fibre.example"'],
    [
      { OIDC_ISSUER: "auth.example", OIDC_CLIENT_ID: "ops", OIDC_CLIENT_SECRET: "s", OIDC_ROLE_MAP: "a=admin" },
      'OIDC_ISSUER must be an http:// or https:// URL, got "auth.example"',
    ],
  ])("refuses %j", (env, problem) => {
    const problems = problemsOf({ ...DEPLOYMENT, ...env });
    expect(problems).toEqual([problem]);
    for (const secret of [env.AUTH_SECRET, env.APP_ENCRYPTION_KEY].filter(Boolean))
      expect(problems[0]).not.toContain(secret);
  });

  it("accepts port 0 (any free port) and sorts the reminder days", () => {
    expect(load({ ...DEPLOYMENT, PORT: "0", DUNNING_REMINDER_DAYS: "14,0, 7" })).toMatchObject({
      port: 0,
      billing: { dunningReminderDays: [0, 7, 14] },
    });
  });
});

describe("half-configured features", () => {
  it.each([
    [
      { STRIPE_SECRET_KEY: "sk_test_1" },
      "STRIPE_WEBHOOK_SECRET is not set but STRIPE_SECRET_KEY is: set STRIPE_WEBHOOK_SECRET (the signing secret of the /api/webhooks/stripe endpoint, whsec_…), or unset STRIPE_SECRET_KEY to run without card payments",
    ],
    [
      { STRIPE_WEBHOOK_SECRET: "whsec_1" },
      "STRIPE_SECRET_KEY is not set but STRIPE_WEBHOOK_SECRET is: set STRIPE_SECRET_KEY (the account's secret key, sk_…), or unset STRIPE_WEBHOOK_SECRET to run without card payments",
    ],
    [
      { TWILIO_ACCOUNT_SID: "AC1" },
      "TWILIO_AUTH_TOKEN and TWILIO_FROM are not set but TWILIO_ACCOUNT_SID is: set TWILIO_AUTH_TOKEN (the account's auth token) and TWILIO_FROM (the sending number, in E.164 form), or unset TWILIO_ACCOUNT_SID to run without SMS",
    ],
    [
      { TWILIO_ACCOUNT_SID: "AC1", TWILIO_FROM: "+15145550000" },
      "TWILIO_AUTH_TOKEN is not set but TWILIO_ACCOUNT_SID and TWILIO_FROM are: set TWILIO_AUTH_TOKEN (the account's auth token), or unset TWILIO_ACCOUNT_SID and TWILIO_FROM to run without SMS",
    ],
    [
      { TWILIO_AUTH_TOKEN: "token" },
      "TWILIO_ACCOUNT_SID and TWILIO_FROM are not set but TWILIO_AUTH_TOKEN is: set TWILIO_ACCOUNT_SID (the account SID, AC…) and TWILIO_FROM (the sending number, in E.164 form), or unset TWILIO_AUTH_TOKEN to run without SMS",
    ],
    [
      { OIDC_ISSUER: "https://auth.example/application/o/ops/" },
      "OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_ROLE_MAP are not set but OIDC_ISSUER is: set OIDC_CLIENT_ID (the client id the identity provider gave this application), OIDC_CLIENT_SECRET (that client's secret) and OIDC_ROLE_MAP (which identity provider group gives which role, like ops-admins=admin,dispatch=dispatcher), or unset OIDC_ISSUER to run without staff single sign-on",
    ],
    [
      { OIDC_CLIENT_ID: "ops", OIDC_CLIENT_SECRET: "s" },
      "OIDC_ISSUER and OIDC_ROLE_MAP are not set but OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are: set OIDC_ISSUER (the OpenID Connect issuer URL) and OIDC_ROLE_MAP (which identity provider group gives which role, like ops-admins=admin,dispatch=dispatcher), or unset OIDC_CLIENT_ID and OIDC_CLIENT_SECRET to run without staff single sign-on",
    ],
    [
      { TRACCAR_URL: "https://traccar.example" },
      "TRACCAR_EMAIL and TRACCAR_PASSWORD are not set but TRACCAR_URL is: set TRACCAR_EMAIL (the email of the Traccar account the feed signs in with) and TRACCAR_PASSWORD (that account's password), or unset TRACCAR_URL to run without the Traccar feed",
    ],
    [
      { S3_BUCKET: "photos" },
      "S3_BUCKET is set but S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are not: set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY to the bucket's credentials, or unset S3_BUCKET to keep files on disk",
    ],
    [
      { S3_BUCKET: "photos", S3_ACCESS_KEY_ID: "AKIA1" },
      "S3_BUCKET is set but S3_SECRET_ACCESS_KEY is not: set S3_SECRET_ACCESS_KEY to the bucket's credentials, or unset S3_BUCKET to keep files on disk",
    ],
    [
      { S3_ENDPOINT: "http://minio:9000", S3_REGION: "ca-central-1" },
      "S3_ENDPOINT, S3_REGION are set but S3_BUCKET is not: set S3_BUCKET to store files in S3, or unset S3_ENDPOINT, S3_REGION to keep them on disk",
    ],
  ])("refuses %j with one sentence that says what to set", (env, sentence) => {
    expect(problemsOf({ ...DEPLOYMENT, ...env })).toEqual([sentence]);
  });
});

describe("empty strings", () => {
  const EVERY_VARIABLE = [
    "PORT",
    "HOST",
    "BASE_URL",
    "TRUSTED_PROXY_HOPS",
    "DATABASE_URL",
    "AUTH_SECRET",
    "APP_ENCRYPTION_KEY",
    "OIDC_ISSUER",
    "OIDC_CLIENT_ID",
    "OIDC_CLIENT_SECRET",
    "OIDC_DEFAULT_ROLE",
    "OIDC_ROLE_MAP",
    "OIDC_GROUPS_CLAIM",
    "OIDC_ALLOW_SIGN_UP",
    "OIDC_LINK_VERIFIED_EMAIL",
    "APP_ENCRYPTION_KEYS",
    "PROVIDER_NAME",
    "PROVIDER_GST_NUMBER",
    "PROVIDER_QST_NUMBER",
    "DUNNING_REMINDER_DAYS",
    "DUNNING_SUSPEND_DAYS",
    "SMTP_URL",
    "MAIL_FROM",
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_API_BASE",
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_FROM",
    "TWILIO_API_BASE",
    "TRACCAR_URL",
    "TRACCAR_EMAIL",
    "TRACCAR_PASSWORD",
    "GENIEACS_URL",
    "GENIEACS_USERNAME",
    "GENIEACS_PASSWORD",
    "REDIS_URL",
    "GPS_RETENTION_DAYS",
    "FILE_STORAGE_DIR",
    "S3_BUCKET",
    "S3_ENDPOINT",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_FORCE_PATH_STYLE",
  ];

  it.each(["", "  "])("count as unset everywhere: every variable set to %j gives the trial's defaults", (blank) => {
    const blanks = Object.fromEntries(EVERY_VARIABLE.map((name) => [name, blank]));
    const fromBlanks = load(blanks);
    expect(fromBlanks).toEqual(load({}));
    expect(fromBlanks).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      stripe: null,
      twilio: null,
      oidc: null,
      traccar: null,
      genieacs: null,
      storage: { s3: null },
    });
  });

  it("fall back to the default data directory too", () => {
    expect(loadConfig({ ...DEPLOYMENT, DATA_DIR: "" }, silent).dataDir).toBe(path.resolve(".data"));
  });

  it("make a feature half-set rather than quietly configured with an empty secret", () => {
    expect(problemsOf({ STRIPE_SECRET_KEY: "sk_test_1", STRIPE_WEBHOOK_SECRET: "" })).toEqual([
      expect.stringMatching(/^STRIPE_WEBHOOK_SECRET is not set but STRIPE_SECRET_KEY is/),
    ]);
  });
});

describe("several problems", () => {
  it("are reported together, one line each, led by the variable's name", () => {
    const env = {
      DATABASE_URL: "postgres://db/fibre",
      APP_ENCRYPTION_KEY: "too-short",
      PORT: "eighty",
      STRIPE_SECRET_KEY: "sk_test_1",
      TWILIO_ACCOUNT_SID: "AC1",
      S3_BUCKET: "photos",
    };
    let error: unknown;
    try {
      load(env);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidConfigError);
    const { message, problems } = error as InvalidConfigError;
    expect(problems.map((line) => line.split(" ")[0])).toEqual([
      "APP_ENCRYPTION_KEY",
      "AUTH_SECRET",
      "PORT",
      "S3_BUCKET",
      "STRIPE_WEBHOOK_SECRET",
      "TWILIO_AUTH_TOKEN",
    ]);
    expect(message.split("\n")).toEqual(["The configuration is refused (6 problems):", ...problems]);
  });
});
