import { loadConfig } from "../server/config";
import { buildRuntime } from "../server/runtime";
import { serviceDepsOf } from "../server/trpc/context";
import pg from "pg";
import { openDatabase } from "../server/db/client";
import { migrateDatabase } from "../server/db/migrate";
import { seedDatabase } from "../server/seed";
import { createCaller } from "../server/trpc/root";
import { machine, summarize, timeInterleaved } from "./lib/stats";
import { RAW_QUERIES } from "./lib/api-raw-sql";
import { benchEnv } from "./lib/bench-env";

/**
 * `npm run bench -- api`: the office's read queries at production volume on PostgreSQL,
 * through the whole tRPC layer (input parsing, access check, service, drizzle), beside
 * the same SQL sent straight to pg. The full-volume database is kept between runs
 * (BENCH_API_DB, default bench_api) because seeding it is the seed benchmark's job.
 */
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 500);
const WARMUP = 100;

/** A full-volume database kept between runs under `name` (seeded when missing or short); its URL. */
export async function fullVolumeDatabase(
  adminUrl: string,
  name = process.env.BENCH_API_DB ?? "bench_api",
  reseed = process.env.BENCH_API_RESEED === "1",
): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount === 1;
  if (!exists) await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ url: url.toString() });
  try {
    await migrateDatabase(handle);
    const [row] = await handle.query<{ n: string }>("select count(*) as n from ticket_messages");
    if (Number(row?.n ?? 0) < 700_000 || reseed) {
      console.log(`Seeding ${name} at full volume (kept for later runs)…`);
      await seedDatabase(handle, { scale: "full", today: new Date(), reset: true, encryptionKey: Buffer.alloc(32, 7) });
      // Vacuum too: a fresh table's visibility map is empty, so index-only scans would read the heap.
      await handle.query("vacuum analyze");
    }
  } finally {
    await handle.close();
  }
  return url.toString();
}

/** Inputs drawn from the data itself, spread over the whole customer base. */
async function sampleInputs(pool: pg.Pool) {
  const { rows } = await pool.query<{
    id: number;
    last_name: string | null;
    display_name: string;
    email: string | null;
    phone_digits: string | null;
    legacy_account_id: string;
    address: string | null;
  }>(`
    select c.id, c.last_name, c.display_name, c.email, c.phone_digits, c.legacy_account_id,
      (select address from service_locations l where l.customer_id = c.id order by l.id limit 1) as address
    from customers c where c.email is not null and c.phone_digits is not null order by c.id`);
  const step = Math.max(1, Math.floor(rows.length / 100));
  const picked = rows.filter((_, i) => i % step === 0).slice(0, 100);
  const staff = await pool.query<{ id: string }>("select id from staff_users order by id");
  return {
    customers: picked,
    names: picked.map((r) => r.last_name ?? r.display_name.split(" ").at(-1)!),
    phones: picked.map((r) => r.phone_digits!.slice(-7)),
    emails: picked.map((r) => r.email!.split("@")[0]!),
    addresses: picked.filter((r) => r.address).map((r) => r.address!),
    legacyIds: picked.map((r) => r.legacy_account_id),
    staffIds: staff.rows.map((r) => r.id),
  };
}

export async function runApiBench() {
  const adminUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const url = await fullVolumeDatabase(adminUrl);
  const handle = await openDatabase({ url });
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  try {
    const inputs = await sampleInputs(pool);
    const pick = <T>(list: T[], i: number) => list[i % list.length]!;
    const caller = createCaller({
      ...serviceDepsOf(buildRuntime(loadConfig(benchEnv()), handle)),
      customer: null,
      staff: { userId: inputs.staffIds[0]!, name: "Bench", email: "bench@demo.test", role: "admin" },
    });

    const cases: Record<string, { project: (i: number) => Promise<unknown>; raw: (i: number) => Promise<unknown> }> = {
      "search.name": {
        project: (i) => caller.customers.search({ q: pick(inputs.names, i), field: "name", limit: 25 }),
        raw: (i) => RAW_QUERIES.searchName(pool, pick(inputs.names, i)),
      },
      "search.phone": {
        project: (i) => caller.customers.search({ q: pick(inputs.phones, i), field: "phone", limit: 25 }),
        raw: (i) => RAW_QUERIES.searchPhone(pool, pick(inputs.phones, i)),
      },
      "search.email": {
        project: (i) => caller.customers.search({ q: pick(inputs.emails, i), field: "email", limit: 25 }),
        raw: (i) => RAW_QUERIES.searchEmail(pool, pick(inputs.emails, i)),
      },
      "search.address": {
        project: (i) => caller.customers.search({ q: pick(inputs.addresses, i), field: "address", limit: 25 }),
        raw: (i) => RAW_QUERIES.searchAddress(pool, pick(inputs.addresses, i)),
      },
      "search.legacyId": {
        project: (i) => caller.customers.search({ q: pick(inputs.legacyIds, i), field: "legacyId", limit: 25 }),
        raw: (i) => RAW_QUERIES.searchLegacyId(pool, pick(inputs.legacyIds, i)),
      },
      "search.any": {
        project: (i) => caller.customers.search({ q: pick(inputs.names, i), field: "any", limit: 25 }),
        raw: (i) => RAW_QUERIES.searchAny(pool, pick(inputs.names, i)),
      },
      customer360: {
        project: (i) => caller.customers.get360({ customerId: pick(inputs.customers, i).id }),
        raw: (i) => RAW_QUERIES.customer360(pool, pick(inputs.customers, i).id),
      },
      "tickets.open": {
        project: () => caller.tickets.list({ status: ["open", "in_progress"], limit: 25 }),
        raw: () => RAW_QUERIES.ticketsByStatus(pool, ["open", "in_progress"]),
      },
      "tickets.repairImportant": {
        project: () => caller.tickets.list({ type: ["repair"], important: true, limit: 25 }),
        raw: () => RAW_QUERIES.ticketsRepairImportant(pool),
      },
      "tickets.assignee": {
        project: (i) => caller.tickets.list({ assignedTo: pick(inputs.staffIds, i), status: ["open"], limit: 25 }),
        raw: (i) => RAW_QUERIES.ticketsAssignee(pool, pick(inputs.staffIds, i)),
      },
      "tickets.customer": {
        project: (i) => caller.tickets.list({ customerId: pick(inputs.customers, i).id, limit: 25 }),
        raw: (i) => RAW_QUERIES.ticketsCustomer(pool, pick(inputs.customers, i).id),
      },
    };

    const project: Record<string, ReturnType<typeof summarize>> = {};
    const baseline: Record<string, ReturnType<typeof summarize>> = {};
    const ratio: Record<string, number> = {};
    for (const [name, c] of Object.entries(cases)) {
      const [projectSamples, rawSamples] = await timeInterleaved(ITERATIONS, WARMUP, c.project, c.raw);
      project[name] = summarize(projectSamples);
      baseline[name] = summarize(rawSamples);
      ratio[name] = Math.round((project[name].p95_ms / Math.max(baseline[name].p95_ms, 0.01)) * 100) / 100;
      console.log(
        `${name.padEnd(24)} tRPC p50 ${project[name].p50_ms} ms p95 ${project[name].p95_ms} ms | raw SQL p50 ${baseline[name].p50_ms} ms p95 ${baseline[name].p95_ms} ms`,
      );
    }
    const worstP95 = Math.max(...Object.values(project).map((s) => s.p95_ms));
    const worstRatio = Math.max(...Object.values(ratio));
    return {
      name: "api",
      at: new Date().toISOString(),
      machine: machine(),
      params: { iterations: ITERATIONS, warmup: WARMUP, database: "postgresql", volume: "full" },
      project,
      baseline: { what: "the same queries as hand-written SQL through pg", ...baseline },
      p95_ratio: ratio,
      worst: { p95_ms: worstP95, p95_ratio: worstRatio },
    };
  } finally {
    await pool.end();
    await handle.close();
  }
}

export function summary(result: { worst: { p95_ms: number; p95_ratio: number } }): string {
  return `api: worst p95 ${result.worst.p95_ms} ms (target ≤ 50), worst p95 ratio to raw SQL ${result.worst.p95_ratio}× (target ≤ 2)`;
}
