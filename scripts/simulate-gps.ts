import { loadConfigOrExit } from "../server/config";
import { provisioningToken } from "../server/services/gps/devices";
import { offset, SimulatedDriver } from "../lib/domain/gps/simulated-driver";
import { seededRandom } from "../lib/domain/seeded-random";
import { KNOTS_TO_KMH } from "../lib/domain/gps/geo";

const USAGE = `Usage: npm run simulate:gps -- [--techs 40] [--hz 1] [--url http://127.0.0.1:3000] [--seconds 0]
                                [--first-device 1001] [--center 45.40,-72.73] [--seed 1]

Drives technicians along plausible paths (drive to a stop, work 15-60 min, drive on) and
posts their fixes to the OsmAnd endpoint /api/gps/osmand, as phones and trackers do.
Device ids are TRK-<first-device + i>, the trackers the seed gives the technicians; each
authenticates with its provisioning token, derived from AUTH_SECRET (or the server's
.data/secrets.json), so the simulator needs no database access.
  --techs      how many technicians (devices) to drive
  --hz         fixes per second per technician (0.01 to 10)
  --seconds    stop after this many seconds (0: until Ctrl-C)`;

function fail(message: string): never {
  console.error(`simulate:gps: ${message}\n\n${USAGE}`);
  process.exit(2);
}

const args = process.argv.slice(2).filter((a) => a !== "--");
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const options = new Map<string, string>();
for (let i = 0; i < args.length; i += 2) {
  const [key, value] = [args[i]!, args[i + 1]];
  if (!key.startsWith("--") || value === undefined || value.startsWith("--"))
    fail(`expected "--name value" pairs, got "${key}"`);
  options.set(key.slice(2), value);
}
for (const key of options.keys())
  if (!["techs", "hz", "url", "seconds", "first-device", "center", "seed"].includes(key))
    fail(`unknown option --${key}`);
const numberOption = (name: string, fallback: number, min: number, max: number, integer = false) => {
  const value = Number(options.get(name) ?? fallback);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value)))
    fail(`--${name} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}`);
  return value;
};
const techs = numberOption("techs", 40, 1, 5000, true);
const hz = numberOption("hz", 1, 0.01, 10);
const seconds = numberOption("seconds", 0, 0, 7 * 86400);
const firstDevice = numberOption("first-device", 1001, 1, 1e9, true);
const seed = numberOption("seed", 1, 0, 2 ** 31, true);
const url = (options.get("url") ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`).replace(/\/$/, "");
const [centerLat, centerLng] = (options.get("center") ?? "45.40,-72.73").split(",").map(Number) as [number, number];
if (!Number.isFinite(centerLat) || !Number.isFinite(centerLng) || Math.abs(centerLat) > 90 || Math.abs(centerLng) > 180)
  fail("--center must be lat,lng");

const { authSecret } = loadConfigOrExit();
const random = seededRandom(seed);
const fleet = Array.from({ length: techs }, (_, i) => {
  const id = `TRK-${firstDevice + i}`;
  const start = offset({ lat: centerLat, lng: centerLng }, random() * 25_000, random() * 360);
  return { id, token: provisioningToken(id, authSecret), driver: new SimulatedDriver(seed * 100_003 + i, start) };
});

const stats = { sent: 0, ok: 0, refused: 0, failed: 0, latencies: [] as number[] };
let lastRefusal = "";
async function post(device: (typeof fleet)[number], step: number) {
  const state = device.driver.step(step);
  const params = new URLSearchParams({
    id: device.id,
    token: device.token,
    lat: state.lat.toFixed(6),
    lon: state.lng.toFixed(6),
    timestamp: String(Date.now() / 1000),
    speed: (state.speedKmh / KNOTS_TO_KMH).toFixed(2),
    bearing: state.heading.toFixed(0),
  });
  const started = performance.now();
  stats.sent++;
  try {
    const response = await fetch(`${url}/api/gps/osmand?${params}`, { signal: AbortSignal.timeout(10_000) });
    stats.latencies.push(performance.now() - started);
    if (response.ok) stats.ok++;
    else {
      stats.refused++;
      lastRefusal = `${response.status} ${(await response.text()).slice(0, 200)}`;
    }
  } catch (error) {
    stats.failed++;
    lastRefusal = (error as Error).message;
  }
}

console.log(
  `Driving ${techs} technicians (TRK-${firstDevice}…TRK-${firstDevice + techs - 1}) at ${hz} Hz to ${url}/api/gps/osmand`,
);
const periodMs = 1000 / hz;
const startedAt = Date.now();

const report = setInterval(() => {
  const sorted = [...stats.latencies].sort((a, b) => a - b);
  const p95 = sorted.length ? sorted[Math.floor(sorted.length * 0.95)]!.toFixed(1) : "-";
  console.log(
    `${Math.round((Date.now() - startedAt) / 1000)} s: ${stats.sent} sent, ${stats.ok} stored, ${stats.refused} refused, ${stats.failed} failed, p95 ${p95} ms${lastRefusal ? ` (last problem: ${lastRefusal})` : ""}`,
  );
  stats.latencies = [];
  lastRefusal = "";
}, 10_000);

// Each device sends on its own phase within the period, so the load is spread evenly.
const timers = fleet.map((device, i) =>
  setTimeout(
    () => {
      void post(device, 1 / hz);
      timers[i] = setInterval(() => void post(device, 1 / hz), periodMs);
    },
    (i / techs) * periodMs,
  ),
);

const stop = () => {
  for (const timer of timers) clearInterval(timer);
  clearInterval(report);
  console.log(
    `Stopped after ${Math.round((Date.now() - startedAt) / 1000)} s: ${stats.sent} fixes sent, ${stats.ok} stored.`,
  );
  process.exit(stats.ok > 0 || stats.sent === 0 ? 0 : 1);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
if (seconds > 0) setTimeout(stop, seconds * 1000);
