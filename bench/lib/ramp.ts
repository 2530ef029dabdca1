/**
 * Capacity, not one point: a ramp runs the same load at rising rates and reports each step, and the
 * saturation point is the highest step the system still served in time with nothing lost. Shared by the
 * realtime benchmarks (collab, gps) so their result files say "saturation" the same way.
 */
export interface RampStep {
  /** The offered load of the step, in the benchmark's unit (edits per second, technicians at 1 Hz). */
  rate: number;
  p99_ms: number;
  /** Deliveries or acknowledgements that never arrived in the step. */
  lost: number;
  /** Server CPU seconds spent in the step. */
  cpu_s: number;
}

/** A step counts as served when its p99 stays within this bound and nothing was lost. */
export const SATURATION_P99_MS = 50;

/** The highest rate served in time with nothing lost, or null when even the first step was not. */
export function saturationOf(steps: readonly RampStep[], maxP99Ms = SATURATION_P99_MS): number | null {
  let best: number | null = null;
  for (const step of steps) {
    if (step.lost === 0 && step.p99_ms <= maxP99Ms && (best === null || step.rate > best)) best = step.rate;
  }
  return best;
}

/**
 * How many cores the server under test may use: `npm run bench -- <name> --cpus 1` sets BENCH_CPUS, so
 * headroom shows on any machine. Null means unpinned.
 */
export function pinnedCpus(env: Readonly<Record<string, string | undefined>> = process.env): number | null {
  const raw = env.BENCH_CPUS;
  if (raw === undefined || raw === "") return null;
  const cpus = Number(raw);
  if (!Number.isInteger(cpus) || cpus < 1) throw new Error(`BENCH_CPUS must be a whole number ≥ 1, got "${raw}"`);
  return cpus;
}

/**
 * The command that starts a server process, pinned with Linux's `taskset` to the first `cpus` cores when
 * asked, so a server and its bare relay get the same cores in one run.
 */
export function pinnedSpawn(
  command: string,
  args: readonly string[],
  cpus: number | null = pinnedCpus(),
): { command: string; args: string[] } {
  if (cpus === null) return { command, args: [...args] };
  const cores = cpus === 1 ? "0" : `0-${cpus - 1}`;
  return { command: "taskset", args: ["--cpu-list", cores, command, ...args] };
}
