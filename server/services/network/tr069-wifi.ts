/**
 * Changing a device's Wi-Fi name and passphrase (setParameterValues), for the office and the
 * portal alike. The network is named by the key the device's state gave (`tr098:1`); its parameter
 * paths are looked up again on the device's current document, so input never names a path.
 */
import { wifiParameterPaths } from "../../../lib/domain/network/cpe-state";
import type { AcsDeviceDocument } from "../../integrations/genieacs/acs-client";
import type { CpeTaskView, WifiChangeInput } from "../../../lib/schemas/cpe-remote";
import type { Actor } from "../actor";
import type { ServiceDeps } from "../deps";
import { ServiceError } from "../errors";
import { sendCpeTask } from "./tr069-tasks";
import type { EquipmentTarget } from "./tr069-target";

const WIFI_PROJECTION = ["InternetGatewayDevice.LANDevice.1.WLANConfiguration", "Device.WiFi"] as const;

function currentSsid(device: AcsDeviceDocument, path: string): string | null {
  let node: unknown = device;
  for (const part of path.split(".")) node = (node as Record<string, unknown> | undefined)?.[part];
  const value = (node as { _value?: unknown } | undefined)?._value;
  return typeof value === "string" ? value : null;
}

export async function setWifiOn(
  deps: Pick<ServiceDeps, "db" | "acs">,
  actor: Actor,
  equipment: EquipmentTarget,
  input: WifiChangeInput,
): Promise<CpeTaskView> {
  let ssidBefore: string | null = null;
  const details = {
    network: input.network,
    ssid: input.ssid ?? null,
    passwordChanged: input.password !== undefined,
  };
  return sendCpeTask(deps, actor, equipment, {
    kind: "wifi",
    projection: WIFI_PROJECTION,
    get details() {
      return { ...details, ssidBefore };
    },
    build(device) {
      const paths = wifiParameterPaths(device, input.network);
      if (!paths)
        throw new ServiceError("invalid", `The device has no network ${input.network}`, {
          key: "errors.acs.unknownNetwork",
          field: "network",
        });
      ssidBefore = currentSsid(device, paths.ssid);
      const values: [string, string, string][] = [];
      if (input.ssid !== undefined) values.push([paths.ssid, input.ssid, "xsd:string"]);
      if (input.password !== undefined) {
        if (!paths.passphrase)
          throw new ServiceError("invalid", `Network ${input.network} has no passphrase parameter`, {
            key: "errors.acs.noPassphrase",
            field: "password",
          });
        values.push([paths.passphrase, input.password, "xsd:string"]);
      }
      return { name: "setParameterValues", parameterValues: values };
    },
  });
}
