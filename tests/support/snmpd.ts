import { spawn, type ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** Where the test agent serves optical levels (an enterprise arc no real MIB uses here). */
export const OPTICAL_BASE = "1.3.6.1.4.1.99999.1";
export const RX_OID = `${OPTICAL_BASE}.1`;
export const TX_OID = `${OPTICAL_BASE}.2`;

export interface TestSnmpdOptions {
  community: string;
  v3: { user: string; authKey: string; privKey: string };
}

export interface TestSnmpd {
  port: number;
  /** Changes what the `pass` script answers, in hundredths of a dBm: rx as an INTEGER, tx as an OCTET STRING. */
  setOptical(levels: { rx: string; tx: string }): Promise<void>;
  stop(): Promise<void>;
}

/** A free UDP port on 127.0.0.1 (bound, then released). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, "127.0.0.1", () => resolve());
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

// The `pass` protocol: called with -g OID (get) or -n OID (next), answers OID, type, value on three lines.
const PASS_SCRIPT = (dir: string) => `#!/bin/sh
RX=.${RX_OID}
TX=.${TX_OID}
case "$1" in
  -g) OID="$2" ;;
  -n) case "$2" in
        .${OPTICAL_BASE}|.${OPTICAL_BASE.split(".").slice(0, -1).join(".")}) OID=$RX ;;
        $RX) OID=$TX ;;
        *) exit 0 ;;
      esac ;;
  *) exit 0 ;;
esac
case "$OID" in
  $RX) echo "$RX"; echo integer; cat "${dir}/rx" ;;
  $TX) echo "$TX"; echo string; cat "${dir}/tx" ;;
esac
`;

/**
 * Debian's real snmpd on a free loopback UDP port, with a generated configuration: a v2c
 * community, a v3 authPriv user (SHA, AES), the machine's own IF-MIB, and optical levels served
 * by a `pass` script from files the test changes. `npm test` installs snmpd when it is missing.
 */
export async function startTestSnmpd(options: TestSnmpdOptions): Promise<TestSnmpd> {
  const dir = await mkdtemp(path.join(tmpdir(), "fibre-ops-snmpd-"));
  const port = await freeUdpPort();
  const script = path.join(dir, "optical.sh");
  await writeFile(script, PASS_SCRIPT(dir));
  await chmod(script, 0o755);
  const setOptical = async ({ rx, tx }: { rx: string; tx: string }) => {
    await writeFile(path.join(dir, "rx"), `${rx}\n`);
    await writeFile(path.join(dir, "tx"), `${tx}\n`);
  };
  await setOptical({ rx: "-1850", tx: "235" });
  // Not "snmpd.conf": snmpd rewrites <persistent dir>/snmpd.conf with its own state.
  const config = path.join(dir, "agent.conf");
  const persistent = path.join(dir, "state");
  await writeFile(
    config,
    [
      `agentAddress udp:127.0.0.1:${port}`,
      `rocommunity ${options.community} 127.0.0.1`,
      `createUser ${options.v3.user} SHA "${options.v3.authKey}" AES "${options.v3.privKey}"`,
      `rouser ${options.v3.user} priv`,
      `pass .${OPTICAL_BASE} /bin/sh ${script}`,
      // Otherwise every request logs a "Connection from" line.
      "dontLogTCPWrappersConnects yes",
      "",
    ].join("\n"),
  );
  // Like redis in tests/support/redis-server.ts: the agent's own clock needs no faking.
  const { LD_PRELOAD: _faketime, ...env } = process.env;
  const child: ChildProcess = spawn(
    process.env.SNMPD_PATH ?? "/usr/sbin/snmpd",
    ["-f", "-C", "-c", config, "-Lo", "-I", "-smux", "-M", "/dev/null", "-m", ""],
    { stdio: ["ignore", "pipe", "pipe"], env: { ...env, SNMP_PERSISTENT_DIR: persistent, MIBS: "" } },
  );
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`snmpd did not start within 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("NET-SNMP version")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`snmpd exited with ${code}:\n${output}`));
    });
  });
  return {
    port,
    setOptical,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
