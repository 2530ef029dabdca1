import { readFileSync } from "node:fs";

/**
 * CPU seconds of other processes on this machine (PostgreSQL backends, snmpd agents), read from
 * /proc/<pid>/stat: the `network` benchmark's agents compete with the product for the same cores,
 * so what node and PostgreSQL spend per device is what the agents do not get.
 */

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on every Linux build in use). */
const TICKS_PER_S = 100;

/** User + system CPU seconds of `pid` so far, or null when it has gone or /proc is not there. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // After the name: state is field 3, so utime (14) and stime (15) sit at 11 and 12.
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return null;
  }
}

/** CPU seconds per pid now; pids that cannot be read are left out. */
export function cpuSnapshot(pids: readonly number[]): Map<number, number> {
  const snapshot = new Map<number, number>();
  for (const pid of pids) {
    const seconds = processCpuSeconds(pid);
    if (seconds !== null) snapshot.set(pid, seconds);
  }
  return snapshot;
}

/**
 * CPU seconds spent between two snapshots; a pid only in `after` (a connection opened meanwhile)
 * counts from zero, a pid gone by `after` counts for nothing (its last share is lost).
 */
export function cpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}
