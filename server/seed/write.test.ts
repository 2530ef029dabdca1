import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { radiusPasswordBinding } from "../crypto/encrypted-columns";
import { encryptionKeyId, openSecret } from "../crypto/secret-box";
import { SeedRefusedError, seedDatabase } from "./index";
import { VOLUMES } from "./generate";
import { arrayLiteral } from "./write";

describe("arrayLiteral", () => {
  it("quotes text and escapes what array_in would misread", () => {
    expect(arrayLiteral(["a", 'O"Brien', "back\\slash", "NULL", "", "x,y {z}", null], "text")).toBe(
      '{"a","O\\"Brien","back\\\\slash","NULL","","x,y {z}",NULL}',
    );
  });

  it("writes numbers, booleans and json", () => {
    expect(arrayLiteral([1, -2.5, null], "number")).toBe("{1,-2.5,NULL}");
    expect(arrayLiteral([true, false, undefined], "boolean")).toBe("{t,f,NULL}");
    expect(arrayLiteral([{ a: 'x"y' }, "{}"], "json")).toBe('{"{\\"a\\":\\"x\\\\\\"y\\"}","{}"}');
  });

  it("rejects numbers PostgreSQL cannot read", () => {
    expect(() => arrayLiteral([Number.NaN], "number")).toThrow();
  });
});

describe("seedDatabase on PGlite", () => {
  let handle: DatabaseHandle;
  const key = Buffer.alloc(32, 3);

  beforeAll(async () => {
    handle = await openDatabase({ pgliteDir: "memory://" });
    await migrateDatabase(handle);
  }, 60_000);
  afterAll(async () => handle?.close());

  it("loads the demo data with valid constraints, sequences and secrets", async () => {
    const report = await seedDatabase(handle, { scale: "demo", today: "2026-11-24", encryptionKey: key });
    expect(report.customers?.rows).toBe(VOLUMES.demo.customers);
    const [counts] = await handle.query<{ c: number; m: number }>(
      "select (select count(*) from customers)::int c, (select count(*) from ticket_messages)::int m",
    );
    expect(counts).toEqual({ c: VOLUMES.demo.customers, m: VOLUMES.demo.messages });
    // The app's next insert gets a fresh id after the explicit ones.
    const [next] = await handle.query<{ id: number }>(
      "insert into items (sku, name_fr, name_en, kind, billing, price_cents) values ('T', 't', 't', 'fee', 'one_time', 1) returning id",
    );
    expect(next?.id).toBe(31);
    const [sub] = await handle.query<{ id: number; p: string }>(
      "select id, radius_password_encrypted p from service_subscriptions where radius_username is not null limit 1",
    );
    const ring = [{ id: encryptionKeyId(key), key }];
    expect(openSecret(sub?.p ?? "", ring, radiusPasswordBinding(sub!.id))).toMatch(/^[A-Za-z0-9]{12}$/);
  }, 60_000);

  it("refuses a database that has data, and reloads it with reset", async () => {
    await expect(
      seedDatabase(handle, { scale: "demo", today: "2026-11-24", encryptionKey: key }),
    ).rejects.toBeInstanceOf(SeedRefusedError);
    await seedDatabase(handle, { scale: "demo", today: "2026-11-24", encryptionKey: key, reset: true });
    const [row] = await handle.query<{ n: number }>("select count(*)::int n from items");
    expect(row?.n).toBe(30);
  }, 60_000);
});
