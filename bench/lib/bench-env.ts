import type { RawEnv } from "../../server/config";

/**
 * DATABASE_URL only tells a benchmark which server to create its own databases on; it does not
 * make the benchmark a deployment, so the rest of the configuration loads as the trial's does.
 */
export function benchEnv(): RawEnv {
  return { ...process.env, DATABASE_URL: undefined };
}
