/**
 * The steps of one diagnostic that need no database: decide whether and how to probe a device
 * (its inventory address against MGMT_SUBNETS, its model's optical OIDs), then turn the probe's
 * answer into the row to store. Shared by the on-demand diagnostic and the fleet sweep.
 */
import type { NetworkConfig } from "../../config";
import type { equipmentDiagnostics } from "../../db/schema";
import { checkManagementTarget, type TargetRefusal } from "../../../lib/domain/network/management-target";
import { classifyOpticalLevels, opticalDbm } from "../../../lib/domain/network/optical-levels";
import { interfaceRate } from "../../../lib/domain/network/interface-rate";
import { operStatusName, type StoredInterface } from "../../../lib/domain/network/diagnostics";
import type { DiagnosticView, ModelOidRow } from "../../../lib/schemas/network";
import type { SnmpProbeRequest, SnmpProbeResult, SnmpTarget } from "../../integrations/snmp/snmp-prober";

/** Rates are computed against the previous answered diagnostic only when it is this recent. */
export const RATE_WINDOW_MS = 24 * 3600_000;

export type DiagnosticValues = Omit<typeof equipmentDiagnostics.$inferInsert, "equipmentId" | "requestedBy">;

export interface EquipmentToProbe {
  id: number;
  model: string | null;
  managementIp: string | null;
}

export type ProbePlan =
  | { kind: "refused"; values: DiagnosticValues }
  | { kind: "probe"; target: SnmpTarget; request: SnmpProbeRequest; divisor: number };

type Reason = { key: string; params: Record<string, string> };

function refusalReason(refusal: TargetRefusal): Reason {
  switch (refusal.reason) {
    case "no_address":
      return { key: "errors.network.noAddress", params: {} };
    case "not_an_address":
      return { key: "errors.network.notAnAddress", params: {} };
    case "encoded_address":
      return { key: "errors.network.encodedAddress", params: {} };
    case "no_subnets":
      return { key: "errors.network.noSubnets", params: {} };
    case "outside_subnets":
      return { key: "errors.network.outsideSubnets", params: { address: refusal.address } };
    case "special_address":
      return { key: "errors.network.specialAddress", params: { address: refusal.address, range: refusal.range } };
  }
}

/** One request per model row: a sweep plans thousands of devices of a few models. */
const requestByModel = new WeakMap<ModelOidRow, SnmpProbeRequest>();
const NO_OPTICAL: SnmpProbeRequest = Object.freeze({ opticalOids: null });

function requestFor(modelOids: ModelOidRow | null): SnmpProbeRequest {
  if (!modelOids) return NO_OPTICAL;
  let request = requestByModel.get(modelOids);
  if (!request) {
    request = Object.freeze({ opticalOids: Object.freeze({ rx: modelOids.rxPowerOid, tx: modelOids.txPowerOid }) });
    requestByModel.set(modelOids, request);
  }
  return request;
}

/** Whether to probe, and how; `at` stamps a refusal. */
export function planProbe(
  network: NetworkConfig,
  equipment: EquipmentToProbe,
  modelOids: ModelOidRow | null,
  at: Date,
): ProbePlan {
  const target = checkManagementTarget(equipment.managementIp, network.mgmtSubnets);
  if (!target.ok) {
    const reason = refusalReason(target);
    return { kind: "refused", values: { at, outcome: "refused", reasonKey: reason.key, reasonParams: reason.params } };
  }
  if (!network.snmp.credentials) {
    return {
      kind: "refused",
      values: {
        at,
        outcome: "refused",
        address: target.address,
        reasonKey: "errors.network.notConfigured",
        reasonParams: { address: target.address },
      },
    };
  }
  return {
    kind: "probe",
    target: { address: target.address, family: target.family },
    request: requestFor(modelOids),
    divisor: modelOids?.valueDivisor ?? 1,
  };
}

/** The row for a probe's answer; `previous` is the device's last answered diagnostic, for rates. */
export function valuesOfProbe(
  plan: Extract<ProbePlan, { kind: "probe" }>,
  result: SnmpProbeResult,
  previous: Pick<DiagnosticView, "at" | "interfaces" | "uptimeHundredths"> | null,
  at: Date,
  timeoutMs: number,
): DiagnosticValues {
  const address = plan.target.address;
  if (!result.ok) {
    const reason: Reason =
      result.failure === "timeout"
        ? { key: "errors.network.timeout", params: { address, seconds: String(timeoutMs / 1000) } }
        : result.failure === "auth_failed"
          ? { key: "errors.network.authFailed", params: { address } }
          : { key: "errors.network.failed", params: { address, detail: result.detail.slice(0, 200) } };
    return {
      at,
      outcome: result.failure,
      address,
      reasonKey: reason.key,
      reasonParams: reason.params,
      durationMs: result.durationMs,
    };
  }
  const comparable = previous !== null && at.getTime() - previous.at.getTime() <= RATE_WINDOW_MS ? previous : null;
  const rate = (current: bigint | null, then: string | null | undefined) =>
    current === null || then == null || comparable === null
      ? null
      : interfaceRate(
          { octets: BigInt(then), atMs: comparable.at.getTime(), uptimeHundredths: comparable.uptimeHundredths },
          { octets: current, atMs: at.getTime(), uptimeHundredths: result.uptimeHundredths },
        );
  // A sweep builds these for every device: plain loops, no closure or array per interface.
  const interfaces: StoredInterface[] = new Array<StoredInterface>(result.interfaces.length);
  let errorsTotal: number | null = null;
  for (let k = 0; k < result.interfaces.length; k++) {
    const read = result.interfaces[k]!;
    const before = comparable === null ? undefined : comparable.interfaces.find((i) => i.index === read.index);
    interfaces[k] = {
      index: read.index,
      name: read.name,
      operStatus: operStatusName(read.operStatus),
      inOctets: read.inOctets?.toString() ?? null,
      outOctets: read.outOctets?.toString() ?? null,
      inErrors: read.inErrors,
      outErrors: read.outErrors,
      inBitsPerSecond: before === undefined ? null : rate(read.inOctets, before.inOctets),
      outBitsPerSecond: before === undefined ? null : rate(read.outOctets, before.outOctets),
    };
    if (read.inErrors !== null) errorsTotal = (errorsTotal ?? 0) + read.inErrors;
    if (read.outErrors !== null) errorsTotal = (errorsTotal ?? 0) + read.outErrors;
  }
  const rxDbm = result.optical ? opticalDbm(result.optical.rx, plan.divisor) : null;
  const txDbm = result.optical ? opticalDbm(result.optical.tx, plan.divisor) : null;
  return {
    at,
    outcome: "ok",
    address,
    sysDescr: result.sysDescr.slice(0, 1000),
    uptimeHundredths: result.uptimeHundredths,
    interfaces,
    rxDbm,
    txDbm,
    signal: classifyOpticalLevels({ rxDbm, txDbm }),
    errorsTotal,
    durationMs: result.durationMs,
  };
}
