import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InvalidConfigError, loadConfig, type ServerConfig } from "./config";
import { encryptionKeyId } from "./crypto/secret-box";
import { RADIUS_DEFAULTS } from "./config/radius";

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
      storage: { dir: path.join(dataDir, "files"), s3: null },
      radius: RADIUS_DEFAULTS,
      network: { mgmtSubnets: [], snmp: { port: 161, timeoutMs: 5000, concurrency: 64, credentials: null } },
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
      PROVIDER_ADDRESS: "12 rue Principale, Granby QC J2G 1A1",
      PROVIDER_GST_NUMBER: "987654321rt0001",
      PROVIDER_QST_NUMBER: "0987654321 TQ0001",
      DUNNING_REMINDER_DAYS: "10, 3,7,3",
      DUNNING_SUSPEND_DAYS: "30",
      DUNNING_HOUR: "8",
      APPOINTMENT_REMINDER_HOUR: "19",
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
      BOARD_HISTORY_DAYS: "365",
      FILE_STORAGE_DIR: "/srv/files",
      S3_BUCKET: "photos",
      S3_ENDPOINT: "http://minio:9000/",
      S3_REGION: "ca-central-1",
      S3_ACCESS_KEY_ID: "AKIA1",
      S3_SECRET_ACCESS_KEY: "s3-secret",
      S3_FORCE_PATH_STYLE: "no",
      RADIUS_API_SECRET: "radius-api-secret-0123456789",
      RADIUS_SUSPENDED_POLICY: "walled_garden",
      RADIUS_VENDOR: "wispr",
      RADIUS_WALLED_GARDEN: "unpaid",
      RADIUS_NAS_CLIENTS: "10.0.0.1=nas-one, 10.0.0.2:1700=nas=two,[2001:db8::1]:3799=v6,2001:db8::2=v6b",
      RADIUS_DYNAMIC_TIMEOUT_MS: "500",
      MGMT_SUBNETS: "10.64.0.0/10, 2001:db8:100::/48",
      SNMP_PORT: "1161",
      SNMP_TIMEOUT_MS: "3000",
      SNMP_CONCURRENCY: "16",
      SNMP_COMMUNITY: "ignored-when-v3-is-set",
      SNMP_V3_USER: "fibreops",
      SNMP_V3_AUTH_PROTOCOL: "sha256",
      SNMP_V3_AUTH_KEY: "auth-passphrase",
      SNMP_V3_PRIV_KEY: "priv-passphrase",
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
        providerAddress: "12 rue Principale, Granby QC J2G 1A1",
        gstNumber: "987654321 RT0001",
        qstNumber: "0987654321 TQ0001",
        dunningReminderDays: [3, 7, 10],
        dunningSuspendDays: 30,
      },
      reminders: { dunningHour: 8, appointmentHour: 19 },
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
      boardHistoryDays: 365,
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
      radius: {
        apiSecret: "radius-api-secret-0123456789",
        suspendedPolicy: "walled_garden",
        vendor: "wispr",
        walledGarden: "unpaid",
        nasClients: [
          { address: "10.0.0.1", port: 3799, secret: "nas-one" },
          { address: "10.0.0.2", port: 1700, secret: "nas=two" },
          { address: "2001:db8::1", port: 3799, secret: "v6" },
          { address: "2001:db8::2", port: 3799, secret: "v6b" },
        ],
        dynamicTimeoutMs: 500,
      },
      network: {
        mgmtSubnets: [
          { family: 4, base: 0x0a400000n, prefix: 10, text: "10.64.0.0/10" },
          { family: 6, base: 0x20010db8010000000000000000000000n, prefix: 48, text: "2001:db8:100::/48" },
        ],
        snmp: {
          port: 1161,
          timeoutMs: 3000,
          concurrency: 16,
          credentials: {
            version: "3",
            user: "fibreops",
            authProtocol: "sha256",
            authKey: "auth-passphrase",
            privProtocol: "aes",
            privKey: "priv-passphrase",
          },
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
    [{ DUNNING_HOUR: "24" }, 'DUNNING_HOUR must be an hour of the day from 0 to 23, got "24"'],
    [
      { PROVIDER_GST_NUMBER: "12345 RT0001" },
      'PROVIDER_GST_NUMBER must be 9 digits, RT and 4 digits, like 111111111 RT0001, got "12345 RT0001"',
    ],
    [
      { PROVIDER_QST_NUMBER: "1234567890 RT0001" },
      'PROVIDER_QST_NUMBER must be 10 digits, TQ and 4 digits, like 1111111111 TQ0001, got "1234567890 RT0001"',
    ],
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
    [
      { RADIUS_API_SECRET: "short" },
      "RADIUS_API_SECRET must be at least 16 characters (it is all that stands between the network and every subscriber's password): generate one with `openssl rand -hex 24`",
    ],
    [{ RADIUS_SUSPENDED_POLICY: "allow" }, 'RADIUS_SUSPENDED_POLICY must be reject or walled_garden, got "allow"'],
    [{ RADIUS_VENDOR: "cisco" }, 'RADIUS_VENDOR must be one of mikrotik, wispr, filter-id, got "cisco"'],
    [
      { RADIUS_NAS_CLIENTS: "nas.example=secret" },
      'RADIUS_NAS_CLIENTS must list address[:port]=secret entries separated by commas: "nas.example" is not an IP address',
    ],
    [
      { RADIUS_NAS_CLIENTS: "10.0.0.1" },
      'RADIUS_NAS_CLIENTS must list address[:port]=secret entries separated by commas: "10.0.0.1" is not address[:port]=secret',
    ],
    [
      { RADIUS_NAS_CLIENTS: "10.0.0.1:0=secret" },
      'RADIUS_NAS_CLIENTS must list address[:port]=secret entries separated by commas: port "0" of 10.0.0.1 is not 1 to 65535',
    ],
  ])("refuses %j", (env, problem) => {
    const problems = problemsOf({ ...DEPLOYMENT, ...env });
    expect(problems).toEqual([problem]);
    for (const secret of [env.AUTH_SECRET, env.APP_ENCRYPTION_KEY, env.RADIUS_API_SECRET].filter(Boolean))
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
      { SNMP_V3_USER: "fibreops", SNMP_V3_AUTH_KEY: "auth-passphrase" },
      "SNMP_V3_PRIV_KEY is not set but SNMP_V3_USER and SNMP_V3_AUTH_KEY are: set SNMP_V3_PRIV_KEY (its privacy passphrase (8 characters or more)), or unset SNMP_V3_USER and SNMP_V3_AUTH_KEY to run without SNMP v3 (authPriv)",
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
    "PROVIDER_ADDRESS",
    "PROVIDER_GST_NUMBER",
    "PROVIDER_QST_NUMBER",
    "DUNNING_REMINDER_DAYS",
    "DUNNING_SUSPEND_DAYS",
    "DUNNING_HOUR",
    "APPOINTMENT_REMINDER_HOUR",
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
    "BOARD_HISTORY_DAYS",
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

describe("the management network settings", () => {
  it.each([
    [{ MGMT_SUBNETS: "10.64.0.1/10" }, /MGMT_SUBNETS must be comma-separated CIDRs.*host bits set/],
    [{ MGMT_SUBNETS: "10.64.0.0/10,mgmt.example" }, /MGMT_SUBNETS must be comma-separated CIDRs/],
    [{ SNMP_TIMEOUT_MS: "6000" }, /SNMP_TIMEOUT_MS must be a number of milliseconds from 100 to 5000/],
    [{ SNMP_V3_PRIV_PROTOCOL: "rc4" }, /SNMP_V3_PRIV_PROTOCOL/],
  ])("refuses %j", (env, problem) => {
    expect(problemsOf(env).join("\n")).toMatch(problem);
  });

  it("probes with v2c when only a community is set", () => {
    expect(load({ SNMP_COMMUNITY: "c0mmunity" }).network.snmp.credentials).toEqual({
      version: "2c",
      community: "c0mmunity",
    });
  });
});
