import pg from "pg";
import { and, eq } from "drizzle-orm";
import { openDatabase, type DatabaseHandle } from "../../server/db/client";
import { migrateDatabase } from "../../server/db/migrate";
import { seedDatabase } from "../../server/seed";
import {
  dispatchJobs,
  dispatchJobTags,
  dispatchTags,
  dispatchTechnicians,
  serviceLocations,
  staffUsers,
  technicianTags,
} from "../../server/db/schema";
import { localMidnight, shiftDate } from "../../lib/domain/quebec-dates";

/**
 * The collab benchmark's own database: demo seed, then topped up to `techs` active technicians
 * and `jobs` dispatch jobs on one weekday that the demo seed leaves empty (it fills today to
 * 14 days ahead), so the board `board:<date>` holds exactly those jobs.
 */
export interface CollabBenchDatabase {
  url: string;
  name: string;
  date: string;
  dispatcherIds: string[];
  drop(): Promise<void>;
}

const JOB_KINDS = ["install", "repair", "removal", "move", "maintenance", "survey"] as const;
const DURATIONS = [30, 45, 60, 90, 120] as const;
const WINDOW_STARTS_MIN = [8 * 60, 10 * 60, 12 * 60, 14 * 60] as const;
const WINDOW_MIN = 180;

/** The first Monday..Friday at least four weeks out, well past the demo board days. */
export function benchBoardDate(today = new Date()): string {
  let date = shiftDate(today.toISOString().slice(0, 10), 28);
  for (let i = 0; i < 7 && [0, 6].includes(new Date(`${date}T12:00:00Z`).getUTCDay()); i++) date = shiftDate(date, 1);
  return date;
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

async function topUpTechnicians(handle: DatabaseHandle, count: number): Promise<number[]> {
  const { db } = handle;
  const active = await db
    .select({ id: dispatchTechnicians.id })
    .from(dispatchTechnicians)
    .where(eq(dispatchTechnicians.active, true));
  const missing = count - active.length;
  if (missing > 0) {
    const skills = await db
      .select({ id: dispatchTags.id, level: dispatchTags.level })
      .from(dispatchTags)
      .where(eq(dispatchTags.kind, "skill"));
    const added = await db
      .insert(dispatchTechnicians)
      .values(
        Array.from({ length: missing }, (_, i) => ({
          name: `Technicien banc ${i + 1}`,
          color: `hsl(${Math.round((i * 137.508) % 360)} 65% 45%)`,
          homeLat: 45.4 + ((i % 7) - 3) * 0.03,
          homeLng: -72.73 + ((i % 5) - 2) * 0.04,
          shiftStart: "07:30",
          shiftEnd: "17:00",
        })),
      )
      .returning({ id: dispatchTechnicians.id });
    // Every bench technician knows most skills, so skill conflicts stay the exception.
    const tagRows = added.flatMap((t, i) =>
      skills
        .filter((_, k) => (i + k) % 4 !== 0)
        .map((s) => ({ technicianId: t.id, tagId: s.id, level: Math.max(s.level, 3) })),
    );
    if (tagRows.length) await db.insert(technicianTags).values(tagRows);
  }
  const all = await db
    .select({ id: dispatchTechnicians.id })
    .from(dispatchTechnicians)
    .where(eq(dispatchTechnicians.active, true))
    .orderBy(dispatchTechnicians.id);
  return all.map((t) => t.id).slice(0, count);
}

async function insertJobs(handle: DatabaseHandle, date: string, count: number, techIds: number[]): Promise<void> {
  const { db } = handle;
  const locations = await db
    .select({ id: serviceLocations.id, customerId: serviceLocations.customerId })
    .from(serviceLocations)
    .orderBy(serviceLocations.id);
  const skills = await db
    .select({ id: dispatchTags.id, level: dispatchTags.level })
    .from(dispatchTags)
    .where(eq(dispatchTags.kind, "skill"))
    .orderBy(dispatchTags.id);
  if (locations.length === 0 || techIds.length === 0)
    throw new Error("the demo seed left no service locations or technicians");
  const midnight = localMidnight(date).getTime();
  const at = (minutes: number) => new Date(midnight + minutes * 60_000);
  const BATCH = 500;
  for (let from = 0; from < count; from += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, count - from) }, (_, k) => {
      const i = from + k;
      const location = locations[(i * 7) % locations.length]!;
      const windowStart = WINDOW_STARTS_MIN[i % WINDOW_STARTS_MIN.length]!;
      const durationMin = DURATIONS[(i * 3) % DURATIONS.length]!;
      // One job in five is planned (a technician and a start inside the window), ten per
      // technician; the rest wait in the pool, as on a morning before dispatch.
      const assigned = i % 5 === 0;
      const slots = Math.max(1, Math.floor((WINDOW_MIN - durationMin) / 15) + 1);
      return {
        locationId: location.id,
        customerId: location.customerId,
        kind: JOB_KINDS[i % JOB_KINDS.length]!,
        status: assigned ? ("assigned" as const) : ("unassigned" as const),
        priority: 1 + (i % 5),
        title: `Banc ${i + 1}: ${JOB_KINDS[i % JOB_KINDS.length]}`,
        windowStart: at(windowStart),
        windowEnd: at(windowStart + WINDOW_MIN),
        durationMin,
        scheduledStart: assigned ? at(windowStart + ((i * 5) % slots) * 15) : null,
        leadTechnicianId: assigned ? techIds[(i / 5) % techIds.length]! : null,
      };
    });
    const inserted = await db.insert(dispatchJobs).values(rows).returning({ id: dispatchJobs.id });
    const tags = inserted.map((job, k) => {
      const skill = skills[(from + k) % skills.length]!;
      return { jobId: job.id, tagId: skill.id, level: skill.level };
    });
    if (tags.length) await db.insert(dispatchJobTags).values(tags);
  }
}

const benchDatabaseName = () => `bench_collab_${process.pid}`;

/** Drops this process's bench database, whatever state its creation reached. */
export function dropCollabBenchDatabase(adminUrl: string): Promise<void> {
  return adminQuery(adminUrl, `drop database if exists ${benchDatabaseName()} with (force)`);
}

export async function createCollabBenchDatabase(options: {
  adminUrl: string;
  jobs: number;
  techs: number;
  encryptionKey: Buffer;
}): Promise<CollabBenchDatabase> {
  const name = benchDatabaseName();
  const url = databaseUrl(options.adminUrl, name);
  const drop = () => dropCollabBenchDatabase(options.adminUrl);
  await drop();
  await adminQuery(options.adminUrl, `create database ${name}`);
  try {
    const handle = await openDatabase({ url });
    try {
      await migrateDatabase(handle);
      await seedDatabase(handle, {
        scale: "demo",
        today: new Date(),
        reset: true,
        encryptionKey: options.encryptionKey,
      });
      const date = benchBoardDate();
      const techIds = await topUpTechnicians(handle, options.techs);
      await insertJobs(handle, date, options.jobs, techIds);
      await handle.query("analyze");
      const dispatchers = await handle.db
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(and(eq(staffUsers.role, "dispatcher"), eq(staffUsers.active, true)))
        .orderBy(staffUsers.id);
      if (dispatchers.length === 0) throw new Error("the demo seed has no active dispatcher");
      return { url, name, date, dispatcherIds: dispatchers.map((d) => d.id), drop };
    } finally {
      await handle.close();
    }
  } catch (error) {
    await drop().catch(() => undefined);
    throw error;
  }
}
