import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export const BENCH_RX_OID = "1.3.6.1.4.1.99999.1.1";
export const BENCH_TX_OID = "1.3.6.1.4.1.99999.1.2";

export interface SnmpAgents {
  addresses: string[];
  port: number;
  /** The snmpd processes' ids, so a benchmark can read the CPU the agents spent (/proc/<pid>/stat). */
  pids: number[];
  stop(): Promise<void>;
}

/** The device addresses: 127.1.0.1, 127.1.0.2, … (all of 127/8 is this machine's loopback). */
export function deviceAddresses(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `127.1.${Math.floor((i + 1) / 250)}.${((i + 1) % 250) + 1}`);
}

/**
 * Many simulated CPEs: `agents` Debian snmpd processes sharing the devices' loopback addresses
 * between them (each listens on its share, on one port), answering the machine's IF-MIB and fixed
 * optical levels (`override`), with one v2c community.
 */
export async function startSnmpAgents(options: {
  devices: number;
  agents: number;
  port: number;
  community: string;
}): Promise<SnmpAgents> {
  const dir = await mkdtemp(path.join(tmpdir(), "fibre-ops-bench-snmpd-"));
  const addresses = deviceAddresses(options.devices);
  // Not "snmpd.conf": snmpd rewrites <persistent dir>/snmpd.conf with its own state.
  const config = path.join(dir, "agent.conf");
  const persistent = path.join(dir, "state");
  await writeFile(
    config,
    [
      `rocommunity ${options.community} 127.0.0.0/8`,
      `override .${BENCH_RX_OID} integer -1850`,
      `override .${BENCH_TX_OID} integer 235`,
      // Otherwise every request logs a "Connection from" line.
      "dontLogTCPWrappersConnects yes",
      "",
    ].join("\n"),
  );
  const share = Math.ceil(addresses.length / options.agents);
  const children: ChildProcess[] = [];
  const { LD_PRELOAD: _faketime, ...env } = process.env;
  try {
    for (let a = 0; a < options.agents; a++) {
      const mine = addresses.slice(a * share, (a + 1) * share);
      if (mine.length === 0) break;
      const child = spawn(
        process.env.SNMPD_PATH ?? "/usr/sbin/snmpd",
        [
          "-f",
          "-C",
          "-c",
          config,
          "-Lo",
          "-I",
          "-smux",
          "-M",
          "/dev/null",
          "-m",
          "",
          ...mine.map((ip) => `udp:${ip}:${options.port}`),
        ],
        { stdio: ["ignore", "pipe", "pipe"], env: { ...env, SNMP_PERSISTENT_DIR: persistent, MIBS: "" } },
      );
      children.push(child);
      let output = "";
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`snmpd did not start within 60 s:\n${output}`)), 60_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("NET-SNMP version")) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout?.on("data", onData);
        child.stderr?.on("data", onData);
        child.once("exit", (code) => reject(new Error(`snmpd exited with ${code}:\n${output.slice(-2000)}`)));
      });
    }
  } catch (error) {
    for (const child of children) child.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    addresses,
    port: options.port,
    pids: children.map((child) => child.pid).filter((pid): pid is number => pid !== undefined),
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once("exit", () => resolve());
              child.kill("SIGTERM");
            }),
        ),
      );
      await rm(dir, { recursive: true, force: true });
    },
  };
}
