/**
 * Reads a TR-069 device as an ACS stores it (GenieACS's NBI: nested objects whose leaves carry
 * `_value`, instances as numeric keys) into what a person needs: WAN status, Wi-Fi networks,
 * connected clients, firmware. Both data models are read: TR-098 (`InternetGatewayDevice.*`) and
 * TR-181 (`Device.*`). Pure: the time comes in as an argument. Wi-Fi passphrases are never read.
 */

export type DataModel = "tr098" | "tr181";

export interface CpeWan {
  /** ConnectionStatus (TR-098: Connected, Disconnected...) or Status (TR-181: Up, Down...). */
  status: string | null;
  connectionType: "ip" | "ppp" | null;
  externalIp: string | null;
  uptimeSeconds: number | null;
}

export interface CpeWifiNetwork {
  /** What a caller names a network by: the data model and the instance (`tr098:1`, `tr181:2`). */
  key: string;
  ssid: string | null;
  enabled: boolean | null;
  status: string | null;
  /** "2.4GHz", "5GHz"... as the device reports it, or null. */
  band: string | null;
  channel: number | null;
  security: string | null;
  associatedClients: number | null;
}

export interface CpeClient {
  mac: string | null;
  ip: string | null;
  hostName: string | null;
  active: boolean | null;
  interfaceType: string | null;
}

export interface CpeFirmware {
  softwareVersion: string | null;
  hardwareVersion: string | null;
  manufacturer: string | null;
  modelName: string | null;
  oui: string | null;
  productClass: string | null;
  serialNumber: string | null;
  uptimeSeconds: number | null;
}

export interface CpeState {
  deviceId: string;
  dataModel: DataModel | null;
  /** The device's last Inform (ISO), and whether it was recent enough to call the device online. */
  lastInform: string | null;
  online: boolean;
  wan: CpeWan;
  wifi: CpeWifiNetwork[];
  clients: CpeClient[];
  firmware: CpeFirmware;
}

/** The parameter subtrees a state is read from: what a projection asks the ACS for. */
export const CPE_STATE_PROJECTION = [
  "InternetGatewayDevice.DeviceInfo",
  "InternetGatewayDevice.WANDevice",
  "InternetGatewayDevice.LANDevice",
  "Device.DeviceInfo",
  "Device.WiFi",
  "Device.Hosts",
  "Device.IP.Interface",
  "Device.PPP.Interface",
] as const;

/**
 * Devices inform at least every periodic-inform interval (GenieACS's default preset: 5 minutes);
 * two missed intervals and a little slack means offline.
 */
export const DEFAULT_ONLINE_WITHIN_MS = 11 * 60 * 1000;

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && !Array.isArray(value);

function child(node: unknown, path: string): unknown {
  let current: unknown = node;
  for (const part of path.split(".")) {
    if (!isNode(current)) return undefined;
    current = current[part];
  }
  return current;
}

function leaf(node: unknown, path: string): unknown {
  const found = child(node, path);
  return isNode(found) ? found._value : undefined;
}

function text(node: unknown, path: string): string | null {
  const value = leaf(node, path);
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function int(node: unknown, path: string): number | null {
  const value = leaf(node, path);
  const n =
    typeof value === "number" ? value : typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(n) ? n : null;
}

function bool(node: unknown, path: string): boolean | null {
  const value = leaf(node, path);
  if (typeof value === "boolean") return value;
  if (value === 1 || value === "1" || value === "true") return true;
  if (value === 0 || value === "0" || value === "false") return false;
  return null;
}

/** The numbered instances of a multi-instance object, in numeric order. */
function instances(node: unknown, path: string): [number, Node][] {
  const object = child(node, path);
  if (!isNode(object)) return [];
  return Object.entries(object)
    .filter((entry): entry is [string, Node] => /^\d+$/.test(entry[0]) && isNode(entry[1]))
    .map(([key, value]) => [Number(key), value] as [number, Node])
    .sort((a, b) => a[0] - b[0]);
}

export function dataModelOf(doc: unknown): DataModel | null {
  if (isNode(child(doc, "InternetGatewayDevice"))) return "tr098";
  if (isNode(child(doc, "Device"))) return "tr181";
  return null;
}

function wan098(doc: unknown): CpeWan {
  for (const [, wanDevice] of instances(doc, "InternetGatewayDevice.WANDevice"))
    for (const [, connectionDevice] of instances(wanDevice, "WANConnectionDevice"))
      for (const [kind, object] of [
        ["ppp", "WANPPPConnection"],
        ["ip", "WANIPConnection"],
      ] as const)
        for (const [, connection] of instances(connectionDevice, object)) {
          const status = text(connection, "ConnectionStatus");
          if (status === null && text(connection, "ExternalIPAddress") === null) continue;
          return {
            status,
            connectionType: kind,
            externalIp: text(connection, "ExternalIPAddress"),
            uptimeSeconds: int(connection, "Uptime"),
          };
        }
  return { status: null, connectionType: null, externalIp: null, uptimeSeconds: null };
}

const PRIVATE_V4 = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|127\.|169\.254\.)/;

/** TR-181 has no WAN flag: the WAN is the PPP interface when there is one, else the IP interface with a public address. */
function wan181(doc: unknown): CpeWan {
  const [ppp] = instances(doc, "Device.PPP.Interface");
  const ipInterfaces = instances(doc, "Device.IP.Interface").map(([, node]) => {
    const addresses = instances(node, "IPv4Address").map(([, a]) => text(a, "IPAddress"));
    return { node, address: addresses.find((a) => a !== null && !PRIVATE_V4.test(a)) ?? null };
  });
  const publicInterface = ipInterfaces.find((i) => i.address !== null);
  if (ppp)
    return {
      status: text(ppp[1], "ConnectionStatus") ?? text(ppp[1], "Status"),
      connectionType: "ppp",
      externalIp: text(ppp[1], "IPCP.LocalIPAddress") ?? publicInterface?.address ?? null,
      uptimeSeconds: int(ppp[1], "LastChange"),
    };
  if (publicInterface)
    return {
      status: text(publicInterface.node, "Status"),
      connectionType: "ip",
      externalIp: publicInterface.address,
      uptimeSeconds: int(publicInterface.node, "LastChange"),
    };
  return { status: null, connectionType: null, externalIp: null, uptimeSeconds: null };
}

function wifi098(doc: unknown): CpeWifiNetwork[] {
  return instances(doc, "InternetGatewayDevice.LANDevice.1.WLANConfiguration").map(([n, w]) => ({
    key: `tr098:${n}`,
    ssid: text(w, "SSID"),
    enabled: bool(w, "Enable"),
    status: text(w, "Status"),
    band: text(w, "OperatingFrequencyBand") ?? bandOfChannel(int(w, "Channel")),
    channel: int(w, "Channel"),
    security: text(w, "BeaconType"),
    associatedClients: int(w, "TotalAssociations") ?? (instances(w, "AssociatedDevice").length || null),
  }));
}

/** The access point whose SSIDReference names SSID instance `n` (with or without the trailing dot). */
export function accessPointOf(doc: unknown, n: number): [number, Node] | null {
  const target = `Device.WiFi.SSID.${n}`;
  return (
    instances(doc, "Device.WiFi.AccessPoint").find(
      ([, ap]) => text(ap, "SSIDReference")?.replace(/\.$/, "") === target,
    ) ?? null
  );
}

function wifi181(doc: unknown): CpeWifiNetwork[] {
  return instances(doc, "Device.WiFi.SSID").map(([n, s]) => {
    const ap = accessPointOf(doc, n);
    const radioRef = text(s, "LowerLayers")?.replace(/\.$/, "") ?? null;
    const radio = radioRef?.startsWith("Device.") ? child(doc, radioRef) : undefined;
    return {
      key: `tr181:${n}`,
      ssid: text(s, "SSID"),
      enabled: bool(s, "Enable"),
      status: text(s, "Status"),
      band: text(radio, "OperatingFrequencyBand"),
      channel: int(radio, "Channel"),
      security: ap ? text(ap[1], "Security.ModeEnabled") : null,
      associatedClients: ap
        ? (int(ap[1], "AssociatedDeviceNumberOfEntries") ?? instances(ap[1], "AssociatedDevice").length)
        : null,
    };
  });
}

function bandOfChannel(channel: number | null): string | null {
  if (channel === null || channel <= 0) return null;
  return channel <= 14 ? "2.4GHz" : "5GHz";
}

function clients(doc: unknown, model: DataModel): CpeClient[] {
  const hosts =
    model === "tr098"
      ? instances(doc, "InternetGatewayDevice.LANDevice.1.Hosts.Host")
      : instances(doc, "Device.Hosts.Host");
  return hosts.map(([, h]) => ({
    mac: text(h, model === "tr098" ? "MACAddress" : "PhysAddress"),
    ip: text(h, "IPAddress"),
    hostName: text(h, "HostName"),
    active: bool(h, "Active"),
    interfaceType: text(h, "InterfaceType") ?? text(h, "Layer1Interface"),
  }));
}

function firmware(doc: unknown, model: DataModel | null): CpeFirmware {
  const info = model === "tr181" ? "Device.DeviceInfo" : "InternetGatewayDevice.DeviceInfo";
  const id = child(doc, "_deviceId");
  const idText = (key: string) => (isNode(id) && typeof id[key] === "string" ? id[key] : null);
  return {
    softwareVersion: text(doc, `${info}.SoftwareVersion`),
    hardwareVersion: text(doc, `${info}.HardwareVersion`),
    manufacturer: text(doc, `${info}.Manufacturer`) ?? idText("_Manufacturer"),
    modelName: text(doc, `${info}.ModelName`) ?? idText("_ProductClass"),
    oui: idText("_OUI"),
    productClass: idText("_ProductClass"),
    serialNumber: idText("_SerialNumber"),
    uptimeSeconds: int(doc, `${info}.UpTime`),
  };
}

export function readCpeState(doc: unknown, now: Date, onlineWithinMs = DEFAULT_ONLINE_WITHIN_MS): CpeState {
  const model = dataModelOf(doc);
  const rawInform = isNode(doc) ? doc._lastInform : undefined;
  const informMs = typeof rawInform === "string" ? Date.parse(rawInform) : NaN;
  return {
    deviceId: isNode(doc) && typeof doc._id === "string" ? doc._id : "",
    dataModel: model,
    lastInform: Number.isNaN(informMs) ? null : new Date(informMs).toISOString(),
    online: !Number.isNaN(informMs) && now.getTime() - informMs <= onlineWithinMs,
    wan: model === "tr098" ? wan098(doc) : model === "tr181" ? wan181(doc) : wan098(undefined),
    wifi: model === "tr098" ? wifi098(doc) : model === "tr181" ? wifi181(doc) : [],
    clients: model ? clients(doc, model) : [],
    firmware: firmware(doc, model),
  };
}

/**
 * The parameters that change a network's name and passphrase, for a network key the device has
 * now: TR-098's WLANConfiguration SSID and PreSharedKey.1.KeyPassphrase, TR-181's SSID.SSID and the
 * referring AccessPoint's Security.KeyPassphrase. Null when the key names no such network.
 */
export function wifiParameterPaths(doc: unknown, key: string): { ssid: string; passphrase: string | null } | null {
  const match = /^(tr098|tr181):(\d{1,3})$/.exec(key);
  if (!match || match[1] !== dataModelOf(doc)) return null;
  const n = Number(match[2]);
  if (match[1] === "tr098") {
    const base = `InternetGatewayDevice.LANDevice.1.WLANConfiguration.${n}`;
    if (!isNode(child(doc, base))) return null;
    return { ssid: `${base}.SSID`, passphrase: `${base}.PreSharedKey.1.KeyPassphrase` };
  }
  if (!isNode(child(doc, `Device.WiFi.SSID.${n}`))) return null;
  const ap = accessPointOf(doc, n);
  return {
    ssid: `Device.WiFi.SSID.${n}.SSID`,
    passphrase: ap ? `Device.WiFi.AccessPoint.${ap[0]}.Security.KeyPassphrase` : null,
  };
}

/** The least a projection needs for `dataModelOf` to tell TR-098 from TR-181: every device has DeviceInfo. */
export const DATA_MODEL_PROJECTION = [
  "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
  "Device.DeviceInfo.SoftwareVersion",
] as const;

/** The object a full refresh re-reads (every parameter and instance): the data model's root. */
export function rootObjectOf(model: DataModel | null): string {
  return model === "tr181" ? "Device" : "InternetGatewayDevice";
}

/**
 * The leaves a quick status read asks again (getParameterValues), among those the device has:
 * firmware and uptime, the WAN connection, each network's name and state. New instances (a client
 * that just joined) need a full refresh.
 */
export function statusParametersOf(doc: unknown): string[] {
  const model = dataModelOf(doc);
  if (model === null) return [];
  const out: string[] = [];
  const collect = (node: unknown, path: string, names: readonly string[]) => {
    for (const name of names) if (isNode(child(node, name))) out.push(`${path}.${name}`);
  };
  const info = model === "tr098" ? "InternetGatewayDevice.DeviceInfo" : "Device.DeviceInfo";
  collect(child(doc, info), info, ["SoftwareVersion", "HardwareVersion", "UpTime"]);
  if (model === "tr098") {
    for (const [w, wanDevice] of instances(doc, "InternetGatewayDevice.WANDevice"))
      for (const [c, connectionDevice] of instances(wanDevice, "WANConnectionDevice"))
        for (const object of ["WANPPPConnection", "WANIPConnection"])
          for (const [k, connection] of instances(connectionDevice, object))
            collect(connection, `InternetGatewayDevice.WANDevice.${w}.WANConnectionDevice.${c}.${object}.${k}`, [
              "ConnectionStatus",
              "ExternalIPAddress",
              "Uptime",
            ]);
    for (const [n, w] of instances(doc, "InternetGatewayDevice.LANDevice.1.WLANConfiguration"))
      collect(w, `InternetGatewayDevice.LANDevice.1.WLANConfiguration.${n}`, ["SSID", "Enable", "Status", "Channel"]);
  } else {
    for (const [n, i] of instances(doc, "Device.IP.Interface")) collect(i, `Device.IP.Interface.${n}`, ["Status"]);
    for (const [n, p] of instances(doc, "Device.PPP.Interface"))
      collect(p, `Device.PPP.Interface.${n}`, ["Status", "ConnectionStatus"]);
    for (const [n, w] of instances(doc, "Device.WiFi.SSID"))
      collect(w, `Device.WiFi.SSID.${n}`, ["SSID", "Enable", "Status"]);
  }
  return out;
}
