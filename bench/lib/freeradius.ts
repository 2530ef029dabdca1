/**
 * Debian's FreeRADIUS, started on free loopback ports with a configuration written for the run:
 * its rest module asks the product (/api/radius/authorize and /accounting, with the shared
 * secret), and a second virtual server answers from a static `files` user without asking
 * anyone (the benchmark's baseline). Used by the tests and `npm run bench -- radius`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import dgram from "node:dgram";
import { tmpdir } from "node:os";
import path from "node:path";

export const FREERADIUS_PATH = process.env.FREERADIUS_PATH ?? "/usr/sbin/freeradius";
export const RADCLIENT_PATH = process.env.RADCLIENT_PATH ?? "/usr/bin/radclient";

export interface FreeradiusOptions {
  /** The product's base URL, e.g. http://127.0.0.1:41234 */
  apiBaseUrl: string;
  /** RADIUS_API_SECRET as FreeRADIUS sends it. */
  apiSecret: string;
  /** The secret of the client 127.0.0.1 (radclient, the load client). */
  clientSecret: string;
  /** The static user of the baseline virtual server. */
  baselineUser?: { name: string; password: string; rateLimit: string };
  /** Worker threads (default 16) and rest connections (the same). */
  threads?: number;
  /** FreeRADIUS's debug output (-X: one thread, every step logged); for finding out why. */
  debug?: boolean;
}

export interface Freeradius {
  authPort: number;
  acctPort: number;
  /** The baseline virtual server's auth port (static `files` user, no rest call). */
  baselinePort: number;
  dir: string;
  /** The freeradius process (stdbuf execs it, so the pid is FreeRADIUS's own). */
  pid: number;
  /** What FreeRADIUS printed (its log goes to stdout). */
  output(): string;
  stop(): Promise<void>;
}

/** Free UDP ports on 127.0.0.1 (bound then released; FreeRADIUS binds them right after). */
async function freeUdpPorts(count: number): Promise<number[]> {
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<dgram.Socket>((resolve, reject) => {
          const s = dgram.createSocket("udp4");
          s.once("error", reject);
          s.bind(0, "127.0.0.1", () => resolve(s));
        }),
    ),
  );
  const ports = sockets.map((s) => s.address().port);
  await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

const quoted = (value: string) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

function radiusdConf(dir: string, o: FreeradiusOptions, ports: { auth: number; acct: number; baseline: number }) {
  const threads = o.threads ?? 16;
  const endpoint = (p: string) => quoted(`${o.apiBaseUrl}${p}`);
  const restCall = (p: string) => `{
      uri = ${endpoint(p)}
      method = "post"
      body = "json"
      auth = "basic"
      username = "freeradius"
      password = ${quoted(o.apiSecret)}
      require_auth = yes
      timeout = 4
    }`;
  return `# Written by bench/lib/freeradius.ts for one run.
prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = /var
sbindir = /usr/sbin
logdir = ${dir}/log
raddbdir = ${dir}
radacctdir = ${dir}/radacct
name = freeradius
confdir = ${dir}
modconfdir = ${dir}/mods-config
certdir = ${dir}/certs
cadir = ${dir}/certs
run_dir = ${dir}/run
db_dir = ${dir}
libdir = /usr/lib/freeradius
pidfile = ${dir}/run/freeradius.pid
max_request_time = 10
cleanup_delay = 1
max_requests = 65536
hostname_lookups = no

log {
  destination = stdout
  colourise = no
  auth = no
}

security {
  allow_core_dumps = no
  max_attributes = 200
  reject_delay = 0
  status_server = yes
}

thread pool {
  start_servers = ${threads}
  max_servers = ${threads}
  min_spare_servers = 1
  max_spare_servers = ${threads}
  max_requests_per_server = 0
  auto_limit_acct = no
}

client loopback {
  ipaddr = 127.0.0.1
  secret = ${quoted(o.clientSecret)}
  nas_type = other
}

modules {
  rest {
    connect_uri = ${quoted(o.apiBaseUrl)}
    connect_timeout = 2
    authorize ${restCall("/api/radius/authorize")}
    accounting ${restCall("/api/radius/accounting")}
    # Connections open as requests need them (the product may start after FreeRADIUS), then stay open.
    pool {
      start = 0
      min = 0
      max = ${threads}
      spare = 0
      uses = 0
      lifetime = 0
      idle_timeout = 0
      retry_delay = 1
    }
  }
  pap {
    normalise = yes
  }
  chap {
  }
  # What "reject" means in a section: the rcode, as Debian's mods-available/always defines it.
  always reject {
    rcode = reject
  }
  files baseline_users {
    filename = ${dir}/baseline-users
  }
}

server product {
  listen {
    type = auth
    ipaddr = 127.0.0.1
    port = ${ports.auth}
  }
  listen {
    type = acct
    ipaddr = 127.0.0.1
    port = ${ports.acct}
  }
  authorize {
    rest
    if (notfound) {
      reject
    }
    pap
    chap
  }
  authenticate {
    Auth-Type PAP {
      pap
    }
    Auth-Type CHAP {
      chap
    }
  }
  accounting {
    rest
  }
}

server baseline {
  listen {
    type = auth
    ipaddr = 127.0.0.1
    port = ${ports.baseline}
  }
  authorize {
    baseline_users
    pap
  }
  authenticate {
    Auth-Type PAP {
      pap
    }
  }
}
`;
}

export async function startFreeradius(options: FreeradiusOptions): Promise<Freeradius> {
  const dir = mkdtempSync(path.join(tmpdir(), "freeradius-"));
  for (const sub of ["log", "run", "radacct", "certs", "mods-config"]) mkdirSync(path.join(dir, sub));
  const [auth, acct, baseline] = (await freeUdpPorts(3)) as [number, number, number];
  writeFileSync(path.join(dir, "radiusd.conf"), radiusdConf(dir, options, { auth, acct, baseline }));
  const user = options.baselineUser ?? { name: "baseline", password: "baseline-password", rateLimit: "10M/100M" };
  writeFileSync(
    path.join(dir, "baseline-users"),
    `${user.name} Cleartext-Password := ${quoted(user.password)}\n\tMikrotik-Rate-Limit = ${quoted(user.rateLimit)}\n`,
  );
  // FreeRADIUS refuses a configuration others may write to.
  writeFileSync(path.join(dir, "dictionary"), "# no local attributes\n");
  let output = "";
  const args = [...(options.debug ? ["-X"] : ["-f", "-l", "stdout"]), "-d", dir, "-n", "radiusd"];
  // Line-buffered, so what it printed is there to read when it is stopped.
  const child: ChildProcess = spawn("stdbuf", ["-oL", "-eL", FREERADIUS_PATH, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`FreeRADIUS did not start in 20 s:\n${output}`)), 20_000);
    const check = () => {
      if (output.includes("Ready to process requests")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`FreeRADIUS exited with ${code} before it was ready:\n${output}`));
    });
  });
  return {
    authPort: auth,
    acctPort: acct,
    baselinePort: baseline,
    dir,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
