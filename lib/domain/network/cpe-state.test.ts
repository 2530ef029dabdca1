import { describe, expect, it } from "vitest";
import { readCpeState, statusParametersOf, wifiParameterPaths } from "./cpe-state";
import { sampleTr098Device, sampleTr181Device } from "./sample-devices";

const NOW = new Date("2027-03-14T15:00:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

describe("readCpeState", () => {
  it("reads a TR-098 gateway: WAN, Wi-Fi networks, clients and firmware", () => {
    const doc = sampleTr098Device({
      oui: "A842A1",
      productClass: "Deco X55",
      serial: "RT1A2B3C4",
      softwareVersion: "1.4.1",
      lastInform: minutesAgo(2),
    });
    const state = readCpeState(doc, NOW);
    expect(state).toMatchObject({
      deviceId: "A842A1-Deco%20X55-RT1A2B3C4",
      dataModel: "tr098",
      lastInform: minutesAgo(2).toISOString(),
      online: true,
      wan: { status: "Connected", connectionType: "ip", externalIp: "203.0.113.45", uptimeSeconds: 3600 },
      firmware: { softwareVersion: "1.4.1", oui: "A842A1", productClass: "Deco X55", serialNumber: "RT1A2B3C4" },
      clients: [{ mac: "3C:22:FB:10:20:30", ip: "192.168.1.20", hostName: "portable", active: true }],
    });
    expect(state.wifi.map((w) => [w.key, w.ssid, w.band, w.enabled])).toEqual([
      ["tr098:1", "Maison", "2.4GHz", true],
      ["tr098:2", "Maison-5G", "5GHz", true],
    ]);
  });

  it("reads a TR-181 router, matching access points to SSIDs by reference, not by index", () => {
    const doc = sampleTr181Device({ oui: "F0B4", productClass: "eero", serial: "E6P1", lastInform: minutesAgo(1) });
    const state = readCpeState(doc, NOW);
    expect(state.dataModel).toBe("tr181");
    expect(state.wan).toMatchObject({ status: "Up", connectionType: "ip", externalIp: "198.51.100.7" });
    expect(state.wifi.map((w) => [w.key, w.ssid, w.band, w.security, w.associatedClients])).toEqual([
      ["tr181:1", "Chalet", "2.4GHz", "WPA2-Personal", 1],
      ["tr181:2", "Chalet-5G", "5GHz", "WPA2-Personal", 0],
    ]);
    expect(state.clients[0]).toMatchObject({ mac: "F0:18:98:AA:BB:CC", hostName: "telephone" });
  });

  it("calls a device offline once its last inform is older than the threshold", () => {
    const doc = sampleTr098Device({ oui: "A", productClass: "B", serial: "C", lastInform: minutesAgo(30) });
    expect(readCpeState(doc, NOW).online).toBe(false);
    expect(readCpeState(doc, NOW, 60 * 60_000).online).toBe(true);
  });

  it("never reads a passphrase, even when the ACS holds one", () => {
    const doc = sampleTr098Device({ oui: "A", productClass: "B", serial: "C", lastInform: NOW });
    expect(JSON.stringify(readCpeState(doc, NOW))).not.toContain("KeyPassphrase");
  });

  it("reads an unknown or empty document as nothing rather than throwing", () => {
    for (const doc of [null, {}, { _id: "x", Device: "garbage" }, { _id: 3, _lastInform: "never" }]) {
      const state = readCpeState(doc, NOW);
      expect(state.wifi).toEqual([]);
      expect(state.online).toBe(false);
    }
  });
});

describe("wifiParameterPaths", () => {
  const tr098 = sampleTr098Device({ oui: "A", productClass: "B", serial: "C", lastInform: NOW });
  const tr181 = sampleTr181Device({ oui: "A", productClass: "B", serial: "D", lastInform: NOW });

  it.each([
    [
      tr098,
      "tr098:2",
      {
        ssid: "InternetGatewayDevice.LANDevice.1.WLANConfiguration.2.SSID",
        passphrase: "InternetGatewayDevice.LANDevice.1.WLANConfiguration.2.PreSharedKey.1.KeyPassphrase",
      },
    ],
    // SSID 1 is referenced by access point 2 in the sample.
    [
      tr181,
      "tr181:1",
      { ssid: "Device.WiFi.SSID.1.SSID", passphrase: "Device.WiFi.AccessPoint.2.Security.KeyPassphrase" },
    ],
    [tr098, "tr098:9", null],
    [tr098, "tr181:1", null],
    [tr181, "tr181:1.SSID", null],
    [tr181, "Device.WiFi.SSID.1", null],
  ])("%#: %s", (doc, key, paths) => {
    expect(wifiParameterPaths(doc, key)).toEqual(paths);
  });
});

describe("statusParametersOf", () => {
  it("lists only leaves the device has", () => {
    const doc = sampleTr098Device({ oui: "A", productClass: "B", serial: "C", lastInform: NOW });
    const names = statusParametersOf(doc);
    expect(names).toContain("InternetGatewayDevice.DeviceInfo.SoftwareVersion");
    expect(names).toContain(
      "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.ConnectionStatus",
    );
    expect(names).toContain("InternetGatewayDevice.LANDevice.1.WLANConfiguration.2.SSID");
    expect(names.some((n) => n.includes("WANPPPConnection"))).toBe(false);
  });
});
