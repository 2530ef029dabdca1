import type { TestProject } from "vitest/node";
import { provideSeedTemplate } from "./seed-template";

/**
 * Vitest global setup of the end-to-end project: the demo data seeded once per run, as for the
 * integration project, so that each file's server starts from a copy (a PostgreSQL database made
 * from the template, or a copy of the PGlite data directory) instead of seeding its own.
 */
export default function setup(project: TestProject): Promise<() => Promise<void>> {
  return provideSeedTemplate(project, { pgliteDataDir: true });
}
