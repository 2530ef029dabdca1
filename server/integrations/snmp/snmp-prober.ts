/**
 * The SNMP side of CPE diagnostics, behind an interface so tests and benchmarks can pass their
 * own. A probe reads one device: system description and uptime, the interface table (IF-MIB
 * ifTable and ifXTable, 64-bit octet counters) and, when the model has them, its optical levels.
 * The caller has already decided the address may be probed (lib/domain/network/management-target);
 * this layer only talks to it, within a deadline and under concurrency limits.
 */

export interface SnmpTarget {
  /** Canonical IPv4 or IPv6 text, checked against the management subnets by the caller. */
  address: string;
  family: 4 | 6;
}

export interface SnmpProbeRequest {
  /** The model's optical level OIDs, or null when the model has no row. */
  opticalOids: { rx: string; tx: string | null } | null;
}

export interface SnmpInterfaceRead {
  index: number;
  name: string;
  operStatus: number | null;
  inOctets: bigint | null;
  outOctets: bigint | null;
  inErrors: number | null;
  outErrors: number | null;
}

export type SnmpFailure = "timeout" | "auth_failed" | "error";

export type SnmpProbeResult =
  | {
      ok: true;
      sysDescr: string;
      uptimeHundredths: number | null;
      interfaces: SnmpInterfaceRead[];
      /** Raw readings as the agent sent them (an integer or a decimal string), null when absent. */
      optical: { rx: string | null; tx: string | null } | null;
      durationMs: number;
    }
  | { ok: false; failure: SnmpFailure; detail: string; durationMs: number };

export interface SnmpProber {
  probe(target: SnmpTarget, request: SnmpProbeRequest): Promise<SnmpProbeResult>;
  /** Probes waiting for a slot or in flight, for tests and the benchmark. */
  readonly pending: number;
}
