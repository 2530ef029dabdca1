import pg from "pg";
import * as Y from "yjs";
import { openDatabase } from "../server/db/client";
import { migrateDatabase } from "../server/db/migrate";
import { boardAt, checkpointBoardHistory, HISTORY_CHECKPOINT_EVERY } from "../server/services/dispatch/board-history";
import { boardDocumentName, getMaps, initBoard, readBoard, upsertJob, upsertTech } from "../lib/domain/board";
import { seededRandom } from "../lib/domain/seeded-random";
import { localMidnight } from "../lib/domain/quebec-dates";
import { benchBoardDate } from "./lib/collab-db";
import { machine, summarize, timeInterleaved } from "./lib/stats";

/**
 * `npm run bench -- history`: one board with a full day of edits (BENCH_HISTORY_EDITS_PER_S,
 * default 10, for BENCH_HISTORY_HOURS, default 10: 360,000 updates over BENCH_HISTORY_JOBS,
 * default 2,000, jobs and 40 technicians) stored as the collab store keeps it after compaction
 * (`collab_history` with the base checkpoint), checkpointed as the nightly job does; then the
 * board rebuilt at BENCH_ITERATIONS (default 200) random instants, beside a cold load of the
 * same board from its final snapshot (what opening the live board decodes), interleaved.
 * Reports the storage the day's history takes. Creates and drops bench_history_<pid>.
 */
function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

const round = (n: number) => Math.round(n * 100) / 100;
const STATUSES = ["assigned", "en_route", "on_site", "done"] as const;

export async function runHistoryBench(): Promise<object> {
  const editsPerSecond = positiveInt("BENCH_HISTORY_EDITS_PER_S", 10);
  const hours = positiveInt("BENCH_HISTORY_HOURS", 10);
  const jobCount = positiveInt("BENCH_HISTORY_JOBS", 2_000);
  const iterations = positiveInt("BENCH_ITERATIONS", 200);
  const techCount = 40;
  const updates = editsPerSecond * hours * 3600;
  const adminUrl =
    process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const dbName = `bench_history_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName}`);
  await admin.query(`create database ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const handle = await openDatabase({ url: url.toString() });
  try {
    await migrateDatabase(handle);
    const date = benchBoardDate();
    const name = boardDocumentName(date);
    const dayStart = localMidnight(date).getTime() + 7 * 3600_000;

    // The day's edits, each one Yjs update as a client sends it, timed 1/editsPerSecond apart.
    console.log(`history: generating ${updates.toLocaleString("en")} updates on a ${jobCount}-job board…`);
    const generatedAt = process.hrtime.bigint();
    const random = seededRandom(7);
    const doc = new Y.Doc();
    const log: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => log.push(update));
    initBoard(doc, date);
    const techIds = Array.from({ length: techCount }, (_, i) => `t${i + 1}`);
    const jobIds = Array.from({ length: jobCount }, (_, i) => `j${i + 1}`);
    doc.transact(() => {
      techIds.forEach((id, i) =>
        upsertTech(doc, {
          id,
          name: `Technicien ${i + 1}`,
          color: "#336699",
          skills: ["fiber"],
          shiftStart: `${date}T07:30:00-05:00`,
          shiftEnd: `${date}T17:00:00-05:00`,
          homeLat: 45.5,
          homeLng: -73.6,
        }),
      );
      jobIds.forEach((id, i) =>
        upsertJob(doc, {
          id,
          title: `Travail ${i + 1}`,
          status: "unassigned",
          priority: 3,
          lat: 45.5,
          lng: -73.6,
          address: `${i + 1} rue Principale`,
          durationMin: 60,
          windowStart: null,
          windowEnd: null,
          skills: [],
          techId: null,
          start: null,
          updatedBy: "seed",
        }),
      );
    });
    const { jobs } = getMaps(doc);
    while (log.length < updates) {
      const job = jobs.get(jobIds[Math.floor(random() * jobCount)]!) as Y.Map<unknown>;
      const minute = 8 * 60 + Math.floor(random() * 36) * 15;
      const choice = random();
      doc.transact(() => {
        if (choice < 0.5) {
          job.set("techId", techIds[Math.floor(random() * techCount)]);
          job.set(
            "start",
            `${date}T${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}:00-05:00`,
          );
        } else if (choice < 0.8) job.set("status", STATUSES[Math.floor(random() * STATUSES.length)]);
        else job.set("durationMin", 30 + Math.floor(random() * 6) * 15);
        job.set("updatedBy", `u${Math.floor(random() * 5)}`);
      });
    }
    const generateS = Number(process.hrtime.bigint() - generatedAt) / 1e9;

    console.log("history: storing the day as the collab store keeps it after compaction…");
    const storedAt = process.hrtime.bigint();
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(`insert into collab_history_checkpoints (document_name, up_to_id, state) values ($1, 0, $2)`, [
      name,
      Buffer.from(Y.encodeStateAsUpdateV2(new Y.Doc())),
    ]);
    const BATCH = 5_000;
    for (let from = 0; from < log.length; from += BATCH) {
      const slice = log.slice(from, from + BATCH);
      await client.query(
        `insert into collab_history (id, document_name, update, author_id, created_at)
         select * from unnest($1::bigint[], $2::text[], $3::bytea[], $4::text[], $5::timestamptz[])`,
        [
          slice.map((_, i) => from + i + 1),
          slice.map(() => name),
          slice.map((update) => Buffer.from(update)),
          slice.map((_, i) => `u${(from + i) % 5}`),
          slice.map((_, i) => new Date(dayStart + ((from + i) * 1000) / editsPerSecond).toISOString()),
        ],
      );
    }
    const finalSnapshot = Y.encodeStateAsUpdateV2(doc);
    await client.query(`insert into collab_documents (name, state) values ($1, $2)`, [
      name,
      Buffer.from(finalSnapshot),
    ]);
    await client.query("analyze");
    const storeS = Number(process.hrtime.bigint() - storedAt) / 1e9;

    // The nightly job's work for this board: every row's effects, and a checkpoint every HISTORY_CHECKPOINT_EVERY rows.
    const checkpointAt = process.hrtime.bigint();
    const checkpoints = await checkpointBoardHistory(handle.db, name, new Date(dayStart + 48 * 3600_000));
    const checkpointS = Number(process.hrtime.bigint() - checkpointAt) / 1e9;

    const sizes = (
      await client.query<{ history: string; checkpoints: string; effects: string; boards: string; states: string }>(
        `select pg_total_relation_size('collab_history') as history,
                pg_total_relation_size('collab_history_checkpoints') as checkpoints,
                (select sum(pg_column_size(effects)) from collab_history) as effects,
                (select sum(pg_column_size(board)) from collab_history_checkpoints) as boards,
                (select sum(pg_column_size(state)) from collab_history_checkpoints) as states`,
      )
    ).rows[0]!;
    await client.end();

    // Rebuilds at random instants of the day, interleaved with the cold load of the final board.
    const instants = Array.from({ length: iterations }, () => new Date(dayStart + random() * hours * 3600_000));
    let checked = 0;
    console.log(`history: ${iterations} rebuilds at random instants beside ${iterations} cold loads…`);
    const [project, baseline] = await timeInterleaved(
      iterations,
      5,
      async (i) => {
        const board = await boardAt(handle.db, date, instants[i]!);
        if (Object.keys(board.jobs).length !== jobCount) throw new Error("a rebuilt board lost jobs");
        checked += 1;
      },
      () => {
        const cold = new Y.Doc();
        Y.applyUpdateV2(cold, finalSnapshot);
        if (Object.keys(readBoard(cold).jobs).length !== jobCount) throw new Error("the cold board lost jobs");
        cold.destroy();
        return Promise.resolve();
      },
    );
    const projectStats = summarize(project);
    const baselineStats = summarize(baseline);
    doc.destroy();
    return {
      name: "history",
      at: new Date().toISOString(),
      machine: machine(),
      params: {
        updates,
        editsPerSecond,
        hours,
        jobs: jobCount,
        techs: techCount,
        iterations,
        checkpointEvery: HISTORY_CHECKPOINT_EVERY,
      },
      project: {
        what: "boardAt(date, instant): range check, latest JSON checkpoint at or below it, effects of the rows since, readBoard of the JSON",
        rebuild: projectStats,
        rebuildsChecked: checked,
        historyMB: round(Number(sizes.history) / 1024 / 1024),
        checkpointsMB: round(Number(sizes.checkpoints) / 1024 / 1024),
        // Of which: the rows' effects, and the checkpoints' JSON boards and Yjs states (as stored,
        // compressed). historyMB also counts the row versions the effects' UPDATE left behind, which
        // autovacuum hands to the next day's rows.
        effectsMB: round(Number(sizes.effects) / 1024 / 1024),
        checkpointBoardsMB: round(Number(sizes.boards) / 1024 / 1024),
        checkpointStatesMB: round(Number(sizes.states) / 1024 / 1024),
        checkpoints,
        checkpointSeconds: round(checkpointS),
        generateSeconds: round(generateS),
        storeSeconds: round(storeS),
      },
      baseline: {
        what: "cold load of the same board from its final snapshot (Yjs v2 decode + readBoard), as opening the live board does",
        load: baselineStats,
      },
      target: { rebuildP95Ms: 200 },
    };
  } finally {
    await handle.close();
    await admin.query(`drop database if exists ${dbName}`);
    await admin.end();
  }
}

export function summary(result: {
  project: {
    rebuild: { p50_ms: number; p95_ms: number; p99_ms: number };
    historyMB: number;
    checkpointsMB: number;
    checkpointSeconds: number;
  };
  baseline: { load: { p95_ms: number } };
  params: { updates: number };
}): string {
  const { project, baseline, params } = result;
  return (
    `history: rebuild at a random instant of ${params.updates.toLocaleString("en")} updates p50/p95/p99 ` +
    `${project.rebuild.p50_ms}/${project.rebuild.p95_ms}/${project.rebuild.p99_ms} ms (target p95 ≤ 200) vs cold load p95 ` +
    `${baseline.load.p95_ms} ms (${round(project.rebuild.p95_ms / baseline.load.p95_ms)}×); storage ${project.historyMB} MB ` +
    `+ ${project.checkpointsMB} MB checkpoints; nightly checkpointing ${project.checkpointSeconds} s`
  );
}
