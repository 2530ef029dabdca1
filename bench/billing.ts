import pg from "pg";
import { addMonths } from "../lib/domain/billing";
import { openDatabase, type DatabaseHandle } from "../server/db/client";
import { migrateDatabase } from "../server/db/migrate";
import { seedDatabase, seedDay } from "../server/seed";
import { loadConfig } from "../server/config";
import { runBilling, taxProviderOf } from "../server/services/billing/billing-run";
import { baselineBillingLoop } from "./lib/billing-baseline";
import { machine } from "./lib/stats";
import { benchEnv } from "./lib/bench-env";

/**
 * `npm run bench -- billing`: the monthly run over the full-volume seed on PostgreSQL, beside
 * the one-subscription-at-a-time ORM loop. The seed goes into a fresh bench_billing_<pid>;
 * the baseline gets an identical copy (CREATE DATABASE … TEMPLATE), so both bill the same
 * rows with the same indexes and statistics. Both databases are dropped at the end.
 *
 * Run date: the 1st of the month after the seed's "today". The seed's history invoices every
 * period up to today's month, never the next one, so on that date every active subscription
 * is due and none is invoiced yet.
 */
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

function urlFor(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function counts(handle: DatabaseHandle, runDate: string) {
  const [row] = await handle.query<{ subscriptions: number; active: number; invoiced: number }>(
    `
    select count(*)::int as subscriptions, count(*) filter (where s.status = 'active')::int as active,
      count(*) filter (where exists (select 1 from invoice_lines l where l.subscription_id = s.id
        and l.period_start = make_date($1::int, $2::int, s.billing_day::int)))::int as invoiced
    from service_subscriptions s`,
    [Number(runDate.slice(0, 4)), Number(runDate.slice(5, 7))],
  );
  return row!;
}

export async function runBillingBench() {
  const adminUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const projectDb = `bench_billing_${process.pid}`;
  const baselineDb = `${projectDb}_baseline`;
  const today = seedDay(new Date());
  const runDate = addMonths(`${today.slice(0, 7)}-01`, 1);
  const actor = { realm: "system" as const, userId: null, name: "billing bench" };
  // The same registrations the server prints (PROVIDER_GST_NUMBER / PROVIDER_QST_NUMBER, or their defaults).
  const provider = taxProviderOf(loadConfig(benchEnv()).billing);
  try {
    await admin(adminUrl, (c) => c.query(`create database ${projectDb}`));
    const seeding = await openDatabase({ url: urlFor(adminUrl, projectDb) });
    try {
      await migrateDatabase(seeding);
      console.log(`Seeding ${projectDb} at full volume…`);
      await seedDatabase(seeding, { scale: "full", today, reset: false, encryptionKey: Buffer.alloc(32, 7) });
    } finally {
      await seeding.close();
    }
    await admin(adminUrl, (c) => c.query(`create database ${baselineDb} template ${projectDb}`));

    const project = await openDatabase({ url: urlFor(adminUrl, projectDb) });
    let projectResult;
    try {
      const before = await counts(project, runDate);
      if (before.invoiced !== 0)
        throw new Error(
          `${before.invoiced} subscriptions already have a line for ${runDate}: the run date does not start a fresh month`,
        );
      console.log(`Billing run ${runDate} over ${before.subscriptions} subscriptions (${before.active} active)…`);
      const started = process.hrtime.bigint();
      const summary = await runBilling(project.db, { runDate, actor, provider });
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      const after = await counts(project, runDate);
      if (after.invoiced !== summary.progress.total)
        throw new Error(`the run invoiced ${after.invoiced} of ${summary.progress.total} due subscriptions`);
      projectResult = {
        what: "runBilling: batches of 500 customers, one transaction each, multi-row inserts",
        wall_s: round(wall),
        invoices: summary.created!.invoices,
        invoices_per_s: round(summary.created!.invoices / wall),
        lines: summary.created!.lines,
        subscriptions_per_s: round(summary.created!.lines / wall),
        batches: summary.created!.batches,
        subscriptions_total: before.subscriptions,
        subscriptions_due: summary.progress.total,
      };
    } finally {
      await project.close();
    }

    const baseline = await openDatabase({ url: urlFor(adminUrl, baselineDb) });
    let baselineResult;
    try {
      console.log("Baseline: one subscription per transaction through the ORM…");
      const started = process.hrtime.bigint();
      const written = await baselineBillingLoop(baseline.db, runDate, provider);
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      baselineResult = {
        what: "one subscription at a time through drizzle: select subscription, line check, item, customer; insert invoice and line; one transaction each",
        wall_s: round(wall),
        invoices: written.invoices,
        invoices_per_s: round(written.invoices / wall),
        lines: written.lines,
        subscriptions_per_s: round(written.lines / wall),
      };
    } finally {
      await baseline.close();
    }
    return {
      name: "billing",
      at: new Date().toISOString(),
      machine: machine(),
      params: { runDate, seedToday: today, scale: "full", batchCustomers: 500, database: "postgresql" },
      project: projectResult,
      baseline: baselineResult,
      speedup: round(baselineResult.wall_s / projectResult.wall_s, 1),
      target: {
        wall_s_max: 10,
        speedup_min: 5,
        met: projectResult.wall_s <= 10 && baselineResult.wall_s / projectResult.wall_s >= 5,
      },
    };
  } finally {
    await admin(adminUrl, async (c) => {
      for (const name of [baselineDb, projectDb]) await c.query(`drop database if exists ${name} with (force)`);
    });
  }
}

type BillingResult = Awaited<ReturnType<typeof runBillingBench>>;

export function summary(result: BillingResult): string {
  const p = result.project;
  const b = result.baseline;
  return (
    `billing ${result.params.runDate}: project ${p.wall_s} s, ${p.invoices} invoices (${p.lines} subscriptions), ${p.invoices_per_s} invoices/s` +
    ` | baseline ${b.wall_s} s, ${b.invoices} invoices, ${b.invoices_per_s} invoices/s | ${result.speedup}× faster, target ${result.target.met ? "met" : "missed"}`
  );
}
