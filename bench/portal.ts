import pg from "pg";
import { loadConfig } from "../server/config";
import { buildRuntime } from "../server/runtime";
import { serviceDepsOf } from "../server/trpc/context";
import { openDatabase } from "../server/db/client";
import { createCaller } from "../server/trpc/root";
import { seededRandom } from "../lib/domain/seeded-random";
import { fullVolumeDatabase } from "./api";
import { machine, summarize, timeInterleaved } from "./lib/stats";
import { RAW_QUERIES } from "./lib/api-raw-sql";
import { PORTAL_RAW_QUERIES } from "./lib/portal-raw-sql";
import { benchEnv } from "./lib/bench-env";

/**
 * `npm run bench -- portal`: what a customer's phone asks for most (the dashboard, the invoice
 * list, the ticket list, the visit list) at production volume on PostgreSQL, each as a signed-in
 * customer through the whole tRPC layer, for 200 customers drawn at random, beside the same SQL
 * through pg.
 * Its full-volume database (BENCH_PORTAL_DB, default bench_portal) is kept between runs.
 */
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 600);
const WARMUP = 100;
const CUSTOMERS = 200;
const SEED = 14;

type Caller = ReturnType<typeof createCaller>;

export async function runPortalBench() {
  const adminUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const url = await fullVolumeDatabase(adminUrl, process.env.BENCH_PORTAL_DB ?? "bench_portal");
  const handle = await openDatabase({ url });
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  try {
    const all = (await pool.query<{ id: number }>("select id from customers order by id")).rows.map((r) => r.id);
    const random = seededRandom(SEED);
    const drawn = Array.from({ length: CUSTOMERS }, () => all[Math.floor(random() * all.length)]!);
    const deps = serviceDepsOf(buildRuntime(loadConfig(benchEnv()), handle));
    // One signed-in customer per drawn id: the procedures read who it is from the session, as the portal does.
    const callers: Caller[] = drawn.map((customerId) =>
      createCaller({
        ...deps,
        staff: null,
        customer: { userId: `bench-${customerId}`, name: "Bench", email: "bench@demo.test", customerId },
      }),
    );
    const at = (i: number) => i % CUSTOMERS;

    const cases: Record<string, { project: (i: number) => Promise<unknown>; raw: (i: number) => Promise<unknown> }> = {
      dashboard: {
        project: (i) => callers[at(i)]!.portal.account(),
        raw: (i) => RAW_QUERIES.customer360(pool, drawn[at(i)]!),
      },
      invoices: {
        project: (i) => callers[at(i)]!.portal.invoices({}),
        raw: (i) => PORTAL_RAW_QUERIES.invoices(pool, drawn[at(i)]!),
      },
      tickets: {
        project: (i) => callers[at(i)]!.portalTickets.list(),
        raw: (i) => PORTAL_RAW_QUERIES.tickets(pool, drawn[at(i)]!),
      },
      visits: {
        project: (i) => callers[at(i)]!.portalVisits.list(),
        raw: (i) => PORTAL_RAW_QUERIES.visits(pool, drawn[at(i)]!),
      },
    };

    const project: Record<string, ReturnType<typeof summarize>> = {};
    const baseline: Record<string, ReturnType<typeof summarize>> = {};
    const ratio: Record<string, number> = {};
    const met: Record<string, boolean> = {};
    for (const [name, c] of Object.entries(cases)) {
      const [projectSamples, rawSamples] = await timeInterleaved(ITERATIONS, WARMUP, c.project, c.raw);
      project[name] = summarize(projectSamples);
      baseline[name] = summarize(rawSamples);
      const [p, b] = [project[name].p95_ms, baseline[name].p95_ms];
      ratio[name] = Math.round((p / Math.max(b, 0.01)) * 100) / 100;
      // The target: p95 ≤ 50 ms and ≤ 2× raw SQL, or within 1 ms of it for queries under a millisecond.
      met[name] = p <= 50 && (p <= 2 * b || (b < 1 && p - b <= 1));
      console.log(
        `${name.padEnd(10)} tRPC p50 ${project[name].p50_ms} ms p95 ${p} ms | raw SQL p50 ${baseline[name].p50_ms} ms p95 ${b} ms | ${met[name] ? "met" : "MISSED"}`,
      );
    }
    return {
      name: "portal",
      at: new Date().toISOString(),
      machine: machine(),
      params: {
        customers: CUSTOMERS,
        seed: SEED,
        iterations: ITERATIONS,
        warmup: WARMUP,
        database: "postgresql",
        volume: "full",
      },
      project,
      baseline: { what: "the same queries as hand-written SQL through pg", ...baseline },
      p95_ratio: ratio,
      targets: { p95_ms_max: 50, p95_ratio_max: 2, met },
    };
  } finally {
    await pool.end();
    await handle.close();
  }
}

export function summary(result: {
  project: Record<string, { p95_ms: number }>;
  p95_ratio: Record<string, number>;
}): string {
  const parts = Object.entries(result.project).map(
    ([name, s]) => `${name} p95 ${s.p95_ms} ms (${result.p95_ratio[name]}× raw)`,
  );
  return `portal: ${parts.join(", ")}; target p95 ≤ 50 ms and ≤ 2× raw SQL`;
}
