/**
 * TR-069 devices as GenieACS's NBI returns them (leaves `{ _value, _type, _timestamp, _writable }`,
 * objects `{ _object: true, _timestamp, ... }`, instances as numeric keys), for tests and the fake
 * ACS. One TR-098 gateway (InternetGatewayDevice) and one TR-181 router (Device).
 */

type Leaf = { _value: string | number | boolean; _type: string; _timestamp: string; _writable: boolean };
export type SampleNode = { [key: string]: SampleNode | Leaf | string | boolean | string[] | undefined };

export interface SampleDeviceOptions {
  oui: string;
  productClass: string;
  serial: string;
  manufacturer?: string;
  softwareVersion?: string;
  lastInform: Date;
  ssids?: string[];
  clients?: { mac: string; ip: string; hostName: string }[];
}

const TYPES = { string: "xsd:string", number: "xsd:unsignedInt", boolean: "xsd:boolean" } as const;

function leaf(value: string | number | boolean, at: string, writable = false): Leaf {
  return { _value: value, _type: TYPES[typeof value as keyof typeof TYPES], _timestamp: at, _writable: writable };
}

function object(at: string, children: Record<string, SampleNode | Leaf>): SampleNode {
  return { _object: true, _timestamp: at, _writable: false, ...children };
}

/** GenieACS's device id: OUI, product class and serial joined by "-" (each part escaped as GenieACS does). */
export function sampleDeviceId(oui: string, productClass: string, serial: string): string {
  const escape = (part: string) => encodeURIComponent(part).replace(/-/g, "%2D");
  return `${escape(oui)}-${escape(productClass)}-${escape(serial)}`;
}

function identity(options: SampleDeviceOptions) {
  const at = options.lastInform.toISOString();
  return {
    _id: sampleDeviceId(options.oui, options.productClass, options.serial),
    _deviceId: {
      _Manufacturer: options.manufacturer ?? "Sample",
      _OUI: options.oui,
      _ProductClass: options.productClass,
      _SerialNumber: options.serial,
    },
    _lastInform: at,
    _registered: at,
    _lastBoot: at,
    _tags: [] as string[],
  };
}

export function sampleTr098Device(options: SampleDeviceOptions): SampleNode {
  const at = options.lastInform.toISOString();
  const ssids = options.ssids ?? ["Maison", "Maison-5G"];
  const clients = options.clients ?? [{ mac: "3C:22:FB:10:20:30", ip: "192.168.1.20", hostName: "portable" }];
  const wlan = Object.fromEntries(
    ssids.map((ssid, i) => [
      String(i + 1),
      object(at, {
        Enable: leaf(true, at, true),
        Status: leaf("Up", at),
        SSID: leaf(ssid, at, true),
        Channel: leaf(i === 0 ? 6 : 36, at, true),
        BeaconType: leaf("11i", at, true),
        TotalAssociations: leaf(i === 0 ? clients.length : 0, at),
        PreSharedKey: object(at, { "1": object(at, { KeyPassphrase: leaf("", at, true) }) }),
      }),
    ]),
  );
  const hosts = Object.fromEntries(
    clients.map((c, i) => [
      String(i + 1),
      object(at, {
        MACAddress: leaf(c.mac, at),
        IPAddress: leaf(c.ip, at),
        HostName: leaf(c.hostName, at),
        Active: leaf(true, at),
        InterfaceType: leaf("802.11", at),
      }),
    ]),
  );
  return {
    ...identity(options),
    InternetGatewayDevice: object(at, {
      DeviceInfo: object(at, {
        Manufacturer: leaf(options.manufacturer ?? "Sample", at),
        ModelName: leaf(options.productClass, at),
        SoftwareVersion: leaf(options.softwareVersion ?? "1.0.0", at),
        HardwareVersion: leaf("A1", at),
        UpTime: leaf(86_400, at),
      }),
      WANDevice: object(at, {
        "1": object(at, {
          WANConnectionDevice: object(at, {
            "1": object(at, {
              WANIPConnection: object(at, {
                "1": object(at, {
                  ConnectionStatus: leaf("Connected", at),
                  ExternalIPAddress: leaf("203.0.113.45", at),
                  Uptime: leaf(3_600, at),
                }),
              }),
            }),
          }),
        }),
      }),
      LANDevice: object(at, {
        "1": object(at, {
          WLANConfiguration: object(at, wlan),
          Hosts: object(at, { Host: object(at, hosts) }),
        }),
      }),
    }),
  };
}

export function sampleTr181Device(options: SampleDeviceOptions): SampleNode {
  const at = options.lastInform.toISOString();
  const ssids = options.ssids ?? ["Chalet", "Chalet-5G"];
  const clients = options.clients ?? [{ mac: "F0:18:98:AA:BB:CC", ip: "192.168.0.31", hostName: "telephone" }];
  const ssidNodes = Object.fromEntries(
    ssids.map((ssid, i) => [
      String(i + 1),
      object(at, {
        Enable: leaf(true, at, true),
        Status: leaf("Up", at),
        SSID: leaf(ssid, at, true),
        LowerLayers: leaf(`Device.WiFi.Radio.${i + 1}.`, at),
      }),
    ]),
  );
  const radios = Object.fromEntries(
    ssids.map((_s, i) => [
      String(i + 1),
      object(at, {
        OperatingFrequencyBand: leaf(i === 0 ? "2.4GHz" : "5GHz", at),
        Channel: leaf(i === 0 ? 11 : 44, at, true),
      }),
    ]),
  );
  // Access points listed in the other order, so readers must follow SSIDReference rather than the index.
  const accessPoints = Object.fromEntries(
    ssids.map((_s, i) => [
      String(ssids.length - i),
      object(at, {
        SSIDReference: leaf(`Device.WiFi.SSID.${i + 1}.`, at),
        Security: object(at, { ModeEnabled: leaf("WPA2-Personal", at, true), KeyPassphrase: leaf("", at, true) }),
        AssociatedDeviceNumberOfEntries: leaf(i === 0 ? clients.length : 0, at),
      }),
    ]),
  );
  const hosts = Object.fromEntries(
    clients.map((c, i) => [
      String(i + 1),
      object(at, {
        PhysAddress: leaf(c.mac, at),
        IPAddress: leaf(c.ip, at),
        HostName: leaf(c.hostName, at),
        Active: leaf(true, at),
        Layer1Interface: leaf("Device.WiFi.SSID.1", at),
      }),
    ]),
  );
  return {
    ...identity(options),
    Device: object(at, {
      DeviceInfo: object(at, {
        Manufacturer: leaf(options.manufacturer ?? "Sample", at),
        ModelName: leaf(options.productClass, at),
        SoftwareVersion: leaf(options.softwareVersion ?? "2.0.0", at),
        HardwareVersion: leaf("B2", at),
        UpTime: leaf(7_200, at),
      }),
      WiFi: object(at, {
        Radio: object(at, radios),
        SSID: object(at, ssidNodes),
        AccessPoint: object(at, accessPoints),
      }),
      Hosts: object(at, { Host: object(at, hosts) }),
      IP: object(at, {
        Interface: object(at, {
          "1": object(at, {
            Status: leaf("Up", at),
            LastChange: leaf(5_400, at),
            IPv4Address: object(at, { "1": object(at, { IPAddress: leaf("198.51.100.7", at) }) }),
          }),
          "2": object(at, {
            Status: leaf("Up", at),
            IPv4Address: object(at, { "1": object(at, { IPAddress: leaf("192.168.0.1", at) }) }),
          }),
        }),
      }),
    }),
  };
}
