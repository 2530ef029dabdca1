import { loadConfigOrExit } from "../server/config";
import { provisioningToken } from "../server/services/gps/devices";

const USAGE = `Usage: npm run gps:token -- <device id>

Prints the OsmAnd provisioning token of a tracker listed on a technician (its GPS device id,
e.g. TRK-1001). Configure the phone or tracker to send fixes to
  $BASE_URL/api/gps/osmand?id=<device id>&token=<token>
The token is derived from AUTH_SECRET: it changes when the secret does.`;

const args = process.argv.slice(2).filter((a) => a !== "--");
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const option = args.find((a) => a.startsWith("-"));
if (option) {
  console.error(`gps:token: unknown option "${option}".\n\n${USAGE}`);
  process.exit(2);
}
if (args.length !== 1 || !/^[A-Za-z0-9._:-]{1,64}$/.test(args[0]!)) {
  console.error(`gps:token: give exactly one device id (letters, digits, . _ : -).\n\n${USAGE}`);
  process.exit(2);
}
console.log(provisioningToken(args[0]!, loadConfigOrExit().authSecret));
