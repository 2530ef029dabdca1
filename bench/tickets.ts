import pg from "pg";
import { loadConfig } from "../server/config";
import { buildRuntime } from "../server/runtime";
import { serviceDepsOf } from "../server/trpc/context";
import { openDatabase } from "../server/db/client";
import { createCaller } from "../server/trpc/root";
import { NEAR_BREACH_MINUTES } from "../lib/domain/sla/policy";
import { machine, summarize, timeInterleaved } from "./lib/stats";
import { benchEnv } from "./lib/bench-env";
import { rawBreaching, rawSearch, rawTicketPage, rawView } from "./lib/tickets-raw-sql";
import { RAW_QUERIES } from "./lib/api-raw-sql";
import { ticketPageData } from "./lib/ticket-page";
import { fullVolumeDatabase } from "./api";

/**
 * `npm run bench -- tickets`: the support desk's reads at production volume on PostgreSQL
 * (242,000 tickets, 784,000 messages): full-text search for 50 French and English queries of one
 * to three words, the ticket page (a thread of 40 messages with its customer panel), and the
 * saved views, each through tRPC beside the same SQL sent straight to pg, interleaved call by
 * call. The full-volume database is kept between runs (BENCH_TICKETS_DB, default bench_tickets).
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 300);

/** Words people type into a helpdesk's search box, from the kinds of tickets the provider gets. */
export const SEARCH_QUERIES = [
  "facture",
  "connexion",
  "routeur",
  "technicien",
  "paiement",
  "déménagement",
  "annulation",
  "télé",
  "courriel",
  "mot de passe",
  "pas de connexion",
  "internet lent",
  "coupures fréquentes",
  "voyant rouge",
  "double prélèvement",
  "carte de crédit",
  "rendez-vous installation",
  "wi-fi faible",
  "changement de forfait",
  "portail client",
  "reçu impôts",
  "panne secteur",
  "bris de câble",
  "prelevement",
  "redemarre routeur",
  "bill",
  "router",
  "technician",
  "payment",
  "moving",
  "cancel",
  "password",
  "slow internet",
  "no connection",
  "frequent drops",
  "red light",
  "charged twice",
  "credit card",
  "installation appointment",
  "weak wi-fi",
  "plan change",
  "customer portal",
  "tv freezing",
  "area outage",
  "cable cut",
  "restarted the router",
  "receipt taxes",
  "dial tone",
  "new address",
  "ONT light blinking",
];

export async function runTicketsBench() {
  const adminUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const url = await fullVolumeDatabase(
    adminUrl,
    process.env.BENCH_TICKETS_DB ?? "bench_tickets",
    process.env.BENCH_TICKETS_RESEED === "1",
  );
  const handle = await openDatabase({ url });
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  try {
    const volume = (
      await pool.query<{ tickets: string; messages: string }>(
        "select (select count(*) from tickets) as tickets, (select count(*) from ticket_messages) as messages",
      )
    ).rows[0]!;
    // Tickets with a thread of 40 messages or more (the longest threads if the seed has none), spread over the history.
    const threads = (
      await pool.query<{ id: number; customer_id: number | null; n: string }>(
        `select t.id, t.customer_id, m.n from tickets t
         join (select ticket_id, count(*) as n from ticket_messages group by ticket_id) m on m.ticket_id = t.id
         where t.customer_id is not null order by (m.n >= 40) desc, case when m.n >= 40 then t.id else -m.n end
         limit 5000`,
      )
    ).rows.filter((r, _, all) => Number(r.n) >= 40 || Number(all[0]!.n) < 40);
    const step = Math.max(1, Math.floor(threads.length / 50));
    const pages = threads.filter((_, i) => i % step === 0).slice(0, 50);
    const busiest = (
      await pool.query<{ id: string }>(
        `select assigned_to_id as id from tickets where status in ('open', 'in_progress', 'waiting') and assigned_to_id is not null
         group by 1 order by count(*) desc limit 1`,
      )
    ).rows[0]!.id;
    const caller = createCaller({
      ...serviceDepsOf(buildRuntime(loadConfig(benchEnv()), handle)),
      customer: null,
      staff: { userId: busiest, name: "Bench", email: "bench@demo.test", role: "support" },
    });
    const pick = <T>(list: T[], i: number) => list[i % list.length]!;
    const matches = new Map<string, number>();
    for (const q of SEARCH_QUERIES) {
      const found = await caller.tickets.search({ q, limit: 25 });
      matches.set(q, found.items.length);
    }

    const cases: Record<
      string,
      { iterations: number; project: (i: number) => Promise<unknown>; raw: (i: number) => Promise<unknown> }
    > = {
      search: {
        iterations: ROUNDS * SEARCH_QUERIES.length,
        project: (i) => caller.tickets.search({ q: pick(SEARCH_QUERIES, i), limit: 25 }),
        raw: (i) => rawSearch(pool, pick(SEARCH_QUERIES, i)),
      },
      ticketPage: {
        iterations: ITERATIONS,
        project: (i) => {
          const t = pick(pages, i);
          return Promise.all([
            ticketPageData(handle.db, t.id),
            caller.customers.get360({ customerId: t.customer_id! }),
          ]);
        },
        raw: (i) => {
          const t = pick(pages, i);
          return Promise.all([rawTicketPage(pool, t.id), RAW_QUERIES.customer360(pool, t.customer_id!)]);
        },
      },
      "view.breaching": {
        iterations: ITERATIONS,
        project: () => caller.tickets.list({ view: "breaching", limit: 25 }),
        raw: () => rawBreaching(pool, new Date(Date.now() + NEAR_BREACH_MINUTES * 60_000)),
      },
      "view.mine": {
        iterations: ITERATIONS,
        project: () => caller.tickets.list({ view: "mine", limit: 25 }),
        raw: () => rawView(pool, busiest),
      },
      "view.unassigned": {
        iterations: ITERATIONS,
        project: () => caller.tickets.list({ view: "unassigned", limit: 25 }),
        raw: () => rawView(pool, null),
      },
    };

    const project: Record<string, ReturnType<typeof summarize>> = {};
    const baseline: Record<string, ReturnType<typeof summarize>> = {};
    const ratio: Record<string, number> = {};
    for (const [name, c] of Object.entries(cases)) {
      const [projectSamples, rawSamples] = await timeInterleaved(
        c.iterations,
        Math.min(50, c.iterations),
        c.project,
        c.raw,
      );
      project[name] = summarize(projectSamples);
      baseline[name] = summarize(rawSamples);
      ratio[name] = Math.round((project[name].p95_ms / Math.max(baseline[name].p95_ms, 0.01)) * 100) / 100;
      console.log(
        `${name.padEnd(18)} tRPC p50 ${project[name].p50_ms} ms p95 ${project[name].p95_ms} ms | raw SQL p50 ${baseline[name].p50_ms} ms p95 ${baseline[name].p95_ms} ms`,
      );
    }
    const targets: Record<string, number> = {
      search: 100,
      ticketPage: 50,
      "view.breaching": 50,
      "view.mine": 50,
      "view.unassigned": 50,
    };
    return {
      name: "tickets",
      at: new Date().toISOString(),
      machine: machine(),
      params: {
        database: "postgresql",
        volume: { tickets: Number(volume.tickets), messages: Number(volume.messages) },
        searchQueries: SEARCH_QUERIES.length,
        searchRounds: ROUNDS,
        iterations: ITERATIONS,
        threadPages: pages.length,
        threadLength: 40,
      },
      project,
      baseline: { what: "the same statements hand-written and sent straight through pg", ...baseline },
      p95_ratio: ratio,
      targets_p95_ms: targets,
      met: Object.fromEntries(Object.keys(cases).map((k) => [k, project[k]!.p95_ms <= targets[k]! && ratio[k]! <= 2])),
      search_hits_per_query: Object.fromEntries(matches),
    };
  } finally {
    await pool.end();
    await handle.close();
  }
}

export function summary(result: { project: Record<string, { p95_ms: number }>; p95_ratio: Record<string, number> }) {
  return `tickets: ${Object.entries(result.project)
    .map(([k, v]) => `${k} p95 ${v.p95_ms} ms (${result.p95_ratio[k]}× raw)`)
    .join(", ")}`;
}
