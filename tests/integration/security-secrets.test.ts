import { spawnSync } from "node:child_process";
import { createCipheriv, createHmac, randomBytes } from "node:crypto";
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signCollabToken, verifyCollabToken } from "@/server/collab/tokens";
import { radiusPasswordBinding } from "@/server/crypto/encrypted-columns";
import { keyIdOfSealed, openSecret, type EncryptionKey } from "@/server/crypto/secret-box";
import { dispatchTechnicians, serviceSubscriptions } from "@/server/db/schema";
import { authenticateOsmAndDevice, provisioningToken } from "@/server/services/gps/devices";
import { rotateEncryptionKeys } from "@/server/services/secrets/rotate-keys";
import { productProcessEnv } from "@/tests/support/child-env";
import { createSeededRuntime, signIn, type TestRuntime } from "@/tests/support/test-runtime";

/** Issue 13, item 14: one key per purpose, and sealed secrets that name their key and their row. */
let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await createSeededRuntime();
}, 60_000);
afterAll(async () => runtime?.close());

describe("per-purpose keys", () => {
  async function trackerId(): Promise<string> {
    const [tech] = await runtime.database.db
      .select({ device: dispatchTechnicians.gpsDeviceId })
      .from(dispatchTechnicians)
      .where(isNotNull(dispatchTechnicians.gpsDeviceId))
      .limit(1);
    return tech!.device!;
  }
  const hmac = (key: string | Buffer, message: string) =>
    createHmac("sha256", key).update(message, "utf8").digest("base64url");

  it("a device token is accepted, but the same message signed with the session cookies' key is not", async () => {
    const device = await trackerId();
    const db = runtime.database.db;
    expect(
      await authenticateOsmAndDevice(
        db,
        device,
        provisioningToken(device, runtime.config.authSecret),
        runtime.config.authSecret,
      ),
    ).not.toBeNull();
    // better-auth signs its cookies with HMAC-SHA256 under its secret: with one shared secret, that
    // signature over "osmand:<id>" was a valid tracker token.
    const { secret: cookieKey } = await runtime.staffAuth.$context;
    const forged = hmac(cookieKey, `osmand:${device}`);
    expect(await authenticateOsmAndDevice(db, device, forged, runtime.config.authSecret)).toBeNull();
    expect(
      await authenticateOsmAndDevice(
        db,
        device,
        hmac(runtime.config.authSecret, `osmand:${device}`),
        runtime.config.authSecret,
      ),
    ).toBeNull();
  });

  it("better-auth's key is not AUTH_SECRET itself, and sessions still work", async () => {
    const { secret: cookieKey } = await runtime.staffAuth.$context;
    expect(cookieKey).not.toBe(runtime.config.authSecret);
    expect((await signIn(runtime, "staff", "dispatcher@demo.test")).status).toBe(200);
  });

  it("a collab token is refused when signed with another purpose's key", async () => {
    const genuine = signCollabToken("user-1", runtime.config.authSecret);
    expect(verifyCollabToken(genuine, runtime.config.authSecret)?.sub).toBe("user-1");
    const [body] = genuine.split(".");
    const { secret: cookieKey } = await runtime.staffAuth.$context;
    for (const key of [cookieKey, runtime.config.authSecret])
      expect(verifyCollabToken(`${body}.${hmac(key, body!)}`, runtime.config.authSecret)).toBeNull();
  });
});

describe("sealed RADIUS passwords", () => {
  const keyA = (): EncryptionKey => runtime.config.encryptionKeys[0]!;
  const keyB: EncryptionKey = { id: "2026-12", key: randomBytes(32) };
  const keyC: EncryptionKey = { id: "2027-06", key: randomBytes(32) };

  async function sealedRows() {
    return runtime.database.db
      .select({ id: serviceSubscriptions.id, sealed: serviceSubscriptions.radiusPasswordEncrypted })
      .from(serviceSubscriptions)
      .where(isNotNull(serviceSubscriptions.radiusPasswordEncrypted))
      .orderBy(asc(serviceSubscriptions.id));
  }
  /** The format written before key ids (v1, no binding). */
  function legacySeal(plain: string, key: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return ["v1", iv, cipher.getAuthTag(), body]
      .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
      .join(".");
  }

  let plainById: Map<number, string>;
  beforeAll(async () => {
    const rows = await sealedRows();
    expect(rows.length).toBeGreaterThan(10);
    plainById = new Map(rows.map((r) => [r.id, openSecret(r.sealed!, [keyA()], radiusPasswordBinding(r.id))]));
    // Some rows as an older release wrote them.
    for (const row of rows.slice(0, 5))
      await runtime.database.db
        .update(serviceSubscriptions)
        .set({ radiusPasswordEncrypted: legacySeal(plainById.get(row.id)!, keyA().key) })
        .where(eq(serviceSubscriptions.id, row.id));
  });

  it("are written by the seed with the key's id and refuse to open on another row", async () => {
    const [first, second] = (await sealedRows()).slice(5);
    expect(keyIdOfSealed(first!.sealed!)).toBe(keyA().id);
    expect(() => openSecret(first!.sealed!, [keyA()], radiusPasswordBinding(second!.id))).toThrow(/does not open/);
  });

  it("open in the old format too", async () => {
    const [old] = await sealedRows();
    expect(keyIdOfSealed(old!.sealed!)).toBeNull();
    expect(openSecret(old!.sealed!, [keyA()], radiusPasswordBinding(old!.id))).toBe(plainById.get(old!.id));
  });

  it("keys:rotate re-seals every value with the newest key, old format included; the old key can then go", async () => {
    const report = await rotateEncryptionKeys(runtime.database.db, [keyB, keyA()], { batchSize: 7 });
    expect(report.rewritten).toBe(plainById.size);
    for (const row of await sealedRows()) {
      expect(keyIdOfSealed(row.sealed!)).toBe(keyB.id);
      expect(openSecret(row.sealed!, [keyB], radiusPasswordBinding(row.id))).toBe(plainById.get(row.id));
    }
    // Idempotent: nothing left to do.
    expect((await rotateEncryptionKeys(runtime.database.db, [keyB, keyA()], { batchSize: 7 })).rewritten).toBe(0);
  });

  it("keys:rotate resumes where a stopped run left off", async () => {
    const partial = await rotateEncryptionKeys(runtime.database.db, [keyC, keyB], { batchSize: 4, maxBatches: 2 });
    expect(partial.rewritten).toBe(8);
    expect(partial.done).toBe(false);
    const rest = await rotateEncryptionKeys(runtime.database.db, [keyC, keyB], { batchSize: 4 });
    expect(rest.rewritten).toBe(plainById.size - 8);
    expect(rest.done).toBe(true);
    for (const row of await sealedRows())
      expect(openSecret(row.sealed!, [keyC], radiusPasswordBinding(row.id))).toBe(plainById.get(row.id));
  });

  it("keys:rotate stops on a value copied from another row, names it, and leaves it as it was", async () => {
    const rows = await sealedRows();
    const [from, to] = [rows[0]!, rows[1]!];
    await runtime.database.db
      .update(serviceSubscriptions)
      .set({ radiusPasswordEncrypted: from.sealed })
      .where(and(eq(serviceSubscriptions.id, to.id)));
    const keyD: EncryptionKey = { id: "2028-01", key: randomBytes(32) };
    await expect(rotateEncryptionKeys(runtime.database.db, [keyD, keyC], { batchSize: 100 })).rejects.toThrow(
      new RegExp(`service_subscriptions.radius_password_encrypted of row ${to.id} does not open`),
    );
    const [after] = (await sealedRows()).filter((r) => r.id === to.id);
    expect(after!.sealed).toBe(from.sealed);
  });
});

describe("npm run keys:rotate", () => {
  const script = (args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/keys-rotate.ts", ...args], {
      env: productProcessEnv({}),
      encoding: "utf8",
      timeout: 60_000,
    });

  it("answers --help", () => {
    const run = script(["--help"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: npm run keys:rotate");
  });

  it("refuses a bad batch size with a clear message and status 2", () => {
    const run = script(["--batch-size", "0"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--batch-size must be a whole number from 1 to 100000, got "0"');
  });
});
