import { and, asc, desc, eq, ne } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { auditLog, cpeTasks, portalUsers, serviceEquipment, serviceLocations } from "@/server/db/schema";
import { ServiceError } from "@/server/services/errors";
import { sampleTr098Device, sampleTr181Device } from "@/lib/domain/network/sample-devices";
import { startFakeGenieAcs, type FakeGenieAcs } from "../fakes/genieacs-server";
import { callerAs, callerWithContext, createSeededRuntime, type TestRuntime } from "../support/test-runtime";
import { trpcFailure } from "../support/trpc-errors";

/**
 * TR-069 through GenieACS's NBI, end to end below the pages: the real client (built by the root from
 * GENIEACS_URL and its credentials) against the fake NBI, the services, the tRPC procedures and the
 * cpe_tasks/audit rows, as a support agent, an admin and the two demo customers.
 */
const CREDENTIALS = { username: "nbi", password: "nbi-secret" };
let acs: FakeGenieAcs;
let runtime: TestRuntime;
let support: Awaited<ReturnType<typeof callerAs>>;
let admin: Awaited<ReturnType<typeof callerAs>>;
let customer: Awaited<ReturnType<typeof callerAs>>;
let customer2: Awaited<ReturnType<typeof callerAs>>;
/** Equipment made for this file at each demo customer's first location, so no test depends on seeded serials. */
const routers = { tr098: 0, tr181: 0, unknown: 0, customer2: 0 };
const SERIAL = { tr098: "ACSTESTRT098", tr181: "acstestrt181", unknown: "ACSTESTNOWHERE", customer2: "ACSTESTRT2" };
const deviceId = (serial: string) =>
  [...acs.devices.values()].find((d) => (d._deviceId as { _SerialNumber: string })._SerialNumber === serial)!
    ._id as string;

function leafValue(doc: unknown, path: string): unknown {
  let node = doc as Record<string, unknown> | undefined;
  for (const part of path.split(".")) node = node?.[part] as Record<string, unknown> | undefined;
  return node?._value;
}

const keyOf = (error: unknown) => {
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof ServiceError) return cause.key;
  if (cause instanceof ZodError) return cause.issues.map((i) => i.message);
  return null;
};

async function locationOf(email: string): Promise<number> {
  const db = runtime.database.db;
  const [user] = await db.select().from(portalUsers).where(eq(portalUsers.email, email));
  const [location] = await db
    .select({ id: serviceLocations.id })
    .from(serviceLocations)
    .where(eq(serviceLocations.customerId, user!.customerId))
    .orderBy(asc(serviceLocations.id))
    .limit(1);
  return location!.id;
}

async function addRouter(serial: string, locationId: number): Promise<number> {
  const [row] = await runtime.database.db
    .insert(serviceEquipment)
    .values({ kind: "router", serial, model: "Test router", status: "installed", locationId })
    .returning({ id: serviceEquipment.id });
  return row!.id;
}

beforeAll(async () => {
  acs = await startFakeGenieAcs({ credentials: CREDENTIALS });
  runtime = await createSeededRuntime({ genieacs: { url: acs.baseUrl, credentials: CREDENTIALS } });
  const home = await locationOf("customer@demo.test");
  const other = await locationOf("customer2@demo.test");
  routers.tr098 = await addRouter(SERIAL.tr098, home);
  routers.tr181 = await addRouter(SERIAL.tr181, home);
  routers.unknown = await addRouter(SERIAL.unknown, home);
  routers.customer2 = await addRouter(SERIAL.customer2, other);
  const now = new Date();
  for (const doc of [
    sampleTr098Device({
      oui: "A842A1",
      productClass: "Deco X55",
      serial: SERIAL.tr098,
      lastInform: now,
      softwareVersion: "1.4.1",
    }),
    // The ACS reports this serial in capitals: the lookup is case-insensitive.
    sampleTr181Device({ oui: "F0B4D2", productClass: "eero6", serial: SERIAL.tr181.toUpperCase(), lastInform: now }),
    sampleTr098Device({
      oui: "A842A1",
      productClass: "Deco X55",
      serial: SERIAL.customer2,
      lastInform: now,
      ssids: ["Walker"],
    }),
  ])
    acs.devices.set(doc._id as string, doc);
  acs.files.push(
    {
      _id: "deco-x55-1.5.0.bin",
      filename: "deco-x55-1.5.0.bin",
      length: 1024,
      metadata: { fileType: "1 Firmware Upgrade Image", oui: "A842A1", productClass: "Deco X55", version: "1.5.0" },
    },
    {
      _id: "eero-7.0.bin",
      filename: "eero-7.0.bin",
      length: 1024,
      metadata: { fileType: "1 Firmware Upgrade Image", oui: "F0B4D2", productClass: "eero6", version: "7.0" },
    },
    {
      _id: "deco-config.xml",
      filename: "deco-config.xml",
      length: 100,
      metadata: { fileType: "3 Vendor Configuration File", oui: "A842A1", productClass: "Deco X55" },
    },
  );
  support = await callerAs(runtime, "staff", "support@demo.test");
  admin = await callerAs(runtime, "staff", "admin@demo.test");
  customer = await callerAs(runtime, "customer", "customer@demo.test");
  customer2 = await callerAs(runtime, "customer", "customer2@demo.test");
}, 60_000);

afterAll(async () => {
  await runtime?.close();
  await acs?.close();
});

describe("reading a device through the ACS", () => {
  it("finds the device by the equipment's serial and reads its WAN, Wi-Fi, clients and firmware (TR-098)", async () => {
    const view = await support.caller.acs.device({ equipmentId: routers.tr098 });
    expect(view.equipment).toMatchObject({ id: routers.tr098, serial: SERIAL.tr098 });
    expect(view.acs.state).toBe("ok");
    if (view.acs.state !== "ok") return;
    expect(view.acs.device).toMatchObject({
      deviceId: deviceId(SERIAL.tr098),
      online: true,
      wan: { status: "Connected", externalIp: "203.0.113.45" },
      firmware: { softwareVersion: "1.4.1", productClass: "Deco X55" },
      clients: [{ hostName: "portable" }],
    });
    expect(view.acs.device.wifi.map((w) => w.ssid)).toEqual(["Maison", "Maison-5G"]);
    // The query named the serial, projected the subtrees it reads, and carried the NBI's credentials.
    const read = acs.requests.findLast((r) => r.path === "/devices/")!;
    expect(read.search.get("query")).toContain(SERIAL.tr098);
    expect(read.search.get("projection")).toContain("InternetGatewayDevice.LANDevice");
    expect(read.authorization).toBe(`Basic ${Buffer.from("nbi:nbi-secret").toString("base64")}`);
  });

  it("reads a TR-181 device whose serial the ACS reports in other case", async () => {
    const view = await support.caller.acs.device({ equipmentId: routers.tr181 });
    expect(view.acs.state === "ok" && view.acs.device.wifi.map((w) => [w.key, w.ssid])).toEqual([
      ["tr181:1", "Chalet"],
      ["tr181:2", "Chalet-5G"],
    ]);
  });

  it("says when GenieACS does not know the device, and refuses an action on it with the serial, keeping the attempt", async () => {
    const view = await support.caller.acs.device({ equipmentId: routers.unknown });
    expect(view.acs).toEqual({ state: "unknown_device" });
    const error = await trpcFailure(support.caller.acs.reboot({ equipmentId: routers.unknown }));
    expect([error.code, keyOf(error)]).toEqual(["NOT_FOUND", "errors.acs.unknownDevice"]);
    const [row] = await runtime.database.db
      .select()
      .from(cpeTasks)
      .where(eq(cpeTasks.equipmentId, routers.unknown))
      .orderBy(desc(cpeTasks.id))
      .limit(1);
    expect(row).toMatchObject({ kind: "reboot", status: "fault", faultCode: "acs.unknown_device", acsTaskId: null });
    expect(acs.requests.some((r) => r.method === "POST" && r.path.includes(SERIAL.unknown))).toBe(false);
  });

  it("refuses with 'not configured' when the root has no ACS, and the page reading says so", async () => {
    const bare = callerWithContext({ ...support.ctx, acs: null });
    expect((await bare.acs.device({ equipmentId: routers.tr098 })).acs).toEqual({ state: "not_configured" });
    const error = await trpcFailure(bare.acs.reboot({ equipmentId: routers.tr098 }));
    expect([error.code, keyOf(error)]).toEqual(["SERVICE_UNAVAILABLE", "errors.acs.notConfigured"]);
  });

  it("says the ACS is unavailable when it answers garbage, and changes nothing", async () => {
    acs.down = true;
    try {
      const view = await support.caller.acs.device({ equipmentId: routers.tr098 });
      expect(view.acs.state).toBe("unavailable");
      const error = await trpcFailure(support.caller.acs.reboot({ equipmentId: routers.tr098 }));
      expect([error.code, keyOf(error)]).toEqual(["SERVICE_UNAVAILABLE", "errors.acs.unavailable"]);
    } finally {
      acs.down = false;
    }
  });
});

describe("tasks", () => {
  it("changes a TR-098 network's name and passphrase (200: done), audited without the passphrase", async () => {
    const task = await support.caller.acs.setWifi({
      equipmentId: routers.tr098,
      network: "tr098:1",
      ssid: "Maison Lavoie",
      password: "nouveau-mot-2027",
      passwordConfirm: "nouveau-mot-2027",
    });
    expect(task).toMatchObject({
      kind: "wifi",
      status: "done",
      details: { network: "tr098:1", ssid: "Maison Lavoie", passwordChanged: true, ssidBefore: "Maison" },
    });
    const doc = acs.devices.get(deviceId(SERIAL.tr098));
    expect(leafValue(doc, "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.SSID")).toBe("Maison Lavoie");
    expect(leafValue(doc, "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.PreSharedKey.1.KeyPassphrase")).toBe(
      "nouveau-mot-2027",
    );
    const post = acs.requests.findLast((r) => r.method === "POST")!;
    expect(post.search.has("connection_request")).toBe(true);
    const [audit] = await runtime.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "cpe.wifi"), eq(auditLog.entityId, String(routers.tr098))))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(audit?.changes).toMatchObject({ ssid: { to: "Maison Lavoie" }, passwordChanged: { to: true } });
    const stored = JSON.stringify(await runtime.database.db.select().from(cpeTasks)) + JSON.stringify(audit);
    expect(stored).not.toContain("nouveau-mot-2027");
  });

  it("changes a TR-181 passphrase on the access point that refers to the SSID", async () => {
    await support.caller.acs.setWifi({
      equipmentId: routers.tr181,
      network: "tr181:1",
      password: "chalet-2027!",
      passwordConfirm: "chalet-2027!",
    });
    const doc = acs.devices.get(deviceId(SERIAL.tr181.toUpperCase()));
    expect(leafValue(doc, "Device.WiFi.AccessPoint.2.Security.KeyPassphrase")).toBe("chalet-2027!");
    expect(leafValue(doc, "Device.WiFi.AccessPoint.1.Security.KeyPassphrase")).toBe("");
  });

  it("refuses a network the device does not have, and keeps the refused attempt", async () => {
    const error = await trpcFailure(
      support.caller.acs.setWifi({ equipmentId: routers.tr098, network: "tr098:7", ssid: "Ghost" }),
    );
    expect([error.code, keyOf(error)]).toEqual(["BAD_REQUEST", "errors.acs.unknownNetwork"]);
    const [row] = await runtime.database.db.select().from(cpeTasks).orderBy(desc(cpeTasks.id)).limit(1);
    expect(row).toMatchObject({ kind: "wifi", status: "fault", faultCode: "refused.unknownNetwork" });
  });

  it("reboots an offline device: 202 queued, then followed to done once the device's session ran it", async () => {
    const id = deviceId(SERIAL.tr098);
    acs.setOnline(id, false);
    try {
      const bootBefore = acs.devices.get(id)!._lastBoot;
      const task = await support.caller.acs.reboot({ equipmentId: routers.tr098 });
      expect(task).toMatchObject({ kind: "reboot", status: "queued" });
      let view = await support.caller.acs.device({ equipmentId: routers.tr098 });
      expect(view.tasks.find((t) => t.id === task.id)?.status).toBe("queued");
      acs.runQueued(id);
      view = await support.caller.acs.device({ equipmentId: routers.tr098 });
      expect(view.tasks.find((t) => t.id === task.id)).toMatchObject({ status: "done", faultCode: null });
      expect(view.tasks.find((t) => t.id === task.id)?.finishedAt).not.toBeNull();
      expect(acs.devices.get(id)!._lastBoot).not.toBe(bootBefore);
    } finally {
      acs.setOnline(id, true);
    }
  });

  it("the client follows a queued task until it leaves the queue", async () => {
    const id = deviceId(SERIAL.tr181.toUpperCase());
    acs.setOnline(id, false);
    try {
      const sent = await runtime.acs!.sendTask(id, { name: "reboot" });
      expect(sent).toMatchObject({ state: "queued", reason: "Task queued but not processed" });
      expect(await runtime.acs!.followTask(id, sent.taskId, { polls: 2, intervalMs: 1 })).toEqual({ state: "queued" });
      const following = runtime.acs!.followTask(id, sent.taskId, { polls: 10_000, intervalMs: 5 });
      const asked = () =>
        acs.requests.filter((r) => r.path === "/tasks/" && r.search.get("query")?.includes(sent.taskId)).length;
      const before = asked();
      while (asked() === before) await new Promise((resolve) => setImmediate(resolve));
      acs.runQueued(id);
      expect(await following).toEqual({ state: "done" });
    } finally {
      acs.setOnline(id, true);
    }
  });

  it("shows GenieACS's fault code and message when the device faults, at once or after being queued", async () => {
    const id = deviceId(SERIAL.tr098);
    acs.faultNext(id, { code: "cwmp.9001", message: "Request denied" });
    const atOnce = await support.caller.acs.refresh({ equipmentId: routers.tr098, full: false });
    expect(atOnce).toMatchObject({
      kind: "status",
      status: "fault",
      faultCode: "cwmp.9001",
      faultMessage: "Request denied",
    });
    const sent = acs.requests.findLast((r) => r.method === "POST");
    expect(sent).toBeDefined();

    acs.setOnline(id, false);
    try {
      const queued = await support.caller.acs.refresh({ equipmentId: routers.tr098, full: true });
      expect(queued.status).toBe("queued");
      acs.faultNext(id, { code: "cwmp.9002", message: "Internal error" });
      acs.runQueued(id);
      const view = await support.caller.acs.device({ equipmentId: routers.tr098 });
      expect(view.tasks.find((t) => t.id === queued.id)).toMatchObject({
        kind: "refresh",
        status: "fault",
        faultCode: "cwmp.9002",
        faultMessage: "Internal error",
      });
    } finally {
      acs.setOnline(id, true);
    }
  });

  it("sends a quick status read as getParameterValues and a full refresh as refreshObject on the root", async () => {
    await support.caller.acs.refresh({ equipmentId: routers.tr181, full: false });
    await support.caller.acs.refresh({ equipmentId: routers.tr181, full: true });
    const posted = acs.requests
      .filter((r) => r.method === "POST" && r.path.includes("eero6"))
      .slice(-2)
      .map((r) => JSON.parse(r.body) as { name: string; parameterNames?: string[]; objectName?: string });
    expect(posted[0]!.name).toBe("getParameterValues");
    expect(posted[0]!.parameterNames).toContain("Device.DeviceInfo.SoftwareVersion");
    expect(posted[0]!.parameterNames).toContain("Device.WiFi.SSID.2.SSID");
    expect(posted[1]).toEqual({ name: "refreshObject", objectName: "Device" });
    const tasks = acs.tasks.filter((t) => t.device === deviceId(SERIAL.tr181.toUpperCase()));
    // Both ran at once (online): nothing left in the queue.
    expect(tasks).toEqual([]);
  });

  it("installs a firmware image of the device's model, and refuses a file of another type or model with the reason kept", async () => {
    const view = await admin.caller.acs.device({ equipmentId: routers.tr098 });
    expect(view.firmwareFiles.map((f) => f.fileName)).toEqual(["deco-x55-1.5.0.bin"]);
    // Support reads the device but is not offered firmware.
    expect((await support.caller.acs.device({ equipmentId: routers.tr098 })).firmwareFiles).toEqual([]);

    const wrongType = await trpcFailure(
      admin.caller.acs.pushFirmware({ equipmentId: routers.tr098, fileName: "deco-config.xml" }),
    );
    expect([wrongType.code, keyOf(wrongType)]).toEqual(["BAD_REQUEST", "errors.acs.firmware.wrongType"]);
    const wrongModel = await trpcFailure(
      admin.caller.acs.pushFirmware({ equipmentId: routers.tr098, fileName: "eero-7.0.bin" }),
    );
    expect(keyOf(wrongModel)).toBe("errors.acs.firmware.wrongModel");
    const [kept] = await runtime.database.db.select().from(cpeTasks).orderBy(desc(cpeTasks.id)).limit(1);
    expect(kept).toMatchObject({ kind: "firmware", status: "fault", faultCode: "refused.wrongModel" });

    const task = await admin.caller.acs.pushFirmware({ equipmentId: routers.tr098, fileName: "deco-x55-1.5.0.bin" });
    expect(task).toMatchObject({ kind: "firmware", status: "done", details: { fileName: "deco-x55-1.5.0.bin" } });
    const after = await admin.caller.acs.device({ equipmentId: routers.tr098 });
    expect(after.acs.state === "ok" && after.acs.device.firmware.softwareVersion).toBe("1.5.0");
  });
});

describe("the customer's Wi-Fi in the portal", () => {
  it("lists only their own managed routers' networks, by name", async () => {
    const view = await customer.caller.portalWifi.overview();
    expect(view.state).toBe("ok");
    if (view.state !== "ok") return;
    const ids = view.routers.map((r) => r.equipmentId);
    expect(ids).toContain(routers.tr098);
    expect(ids).toContain(routers.tr181);
    expect(ids).not.toContain(routers.customer2);
    expect(ids).not.toContain(routers.unknown);
    expect(JSON.stringify(view)).not.toContain("Walker");
    const other = await customer2.caller.portalWifi.overview();
    expect(other.state === "ok" && other.routers.map((r) => r.equipmentId)).toEqual([routers.customer2]);
  });

  it("refuses a password that breaks the rules, or typed differently twice, with the rule's message and nothing sent", async () => {
    const postsBefore = acs.requests.filter((r) => r.method === "POST").length;
    for (const [input, message] of [
      [{ password: "court", passwordConfirm: "court" }, "errors.acs.wifi.passphraseLength"],
      [{ password: "mot-de-passe-été", passwordConfirm: "mot-de-passe-été" }, "errors.acs.wifi.passphraseCharacters"],
      [{ password: "bon-mot-2027", passwordConfirm: "bon-mot-2028" }, "errors.acs.wifi.passwordMismatch"],
      [{ ssid: "x".repeat(33) }, "errors.acs.wifi.ssidTooLong"],
      [{}, "errors.acs.wifi.nothingToChange"],
    ] as const) {
      const error = await trpcFailure(
        customer.caller.portalWifi.change({ equipmentId: routers.tr098, network: "tr098:2", ...input }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(keyOf(error)).toContain(message);
    }
    expect(acs.requests.filter((r) => r.method === "POST").length).toBe(postsBefore);
  });

  it("applies a change to their own router and shows its outcome; another customer's router is not found and untouched", async () => {
    const task = await customer.caller.portalWifi.change({
      equipmentId: routers.tr098,
      network: "tr098:2",
      ssid: "Lavoie-5G",
      password: "portail-2027",
      passwordConfirm: "portail-2027",
    });
    expect(task.status).toBe("done");
    const view = await customer.caller.portalWifi.overview();
    const router = view.state === "ok" ? view.routers.find((r) => r.equipmentId === routers.tr098) : undefined;
    expect(router?.networks.find((n) => n.key === "tr098:2")?.ssid).toBe("Lavoie-5G");
    expect(router?.changes[0]).toMatchObject({ id: task.id, status: "done", requestedRealm: "customer" });

    const before = JSON.stringify(acs.devices.get(deviceId(SERIAL.customer2)));
    const error = await trpcFailure(
      customer.caller.portalWifi.change({ equipmentId: routers.customer2, network: "tr098:1", ssid: "Pirate" }),
    );
    expect(error.code).toBe("NOT_FOUND");
    expect(JSON.stringify(acs.devices.get(deviceId(SERIAL.customer2)))).toBe(before);
    // Equipment of another customer that the seed installed is just as unreachable.
    const [seeded] = await runtime.database.db
      .select({ id: serviceEquipment.id })
      .from(serviceEquipment)
      .innerJoin(serviceLocations, eq(serviceLocations.id, serviceEquipment.locationId))
      .where(
        and(
          eq(serviceEquipment.status, "installed"),
          ne(serviceLocations.customerId, customer.ctx.customer!.customerId),
        ),
      )
      .limit(1);
    expect(
      (await trpcFailure(customer.caller.portalWifi.change({ equipmentId: seeded!.id, network: "tr098:1", ssid: "x" })))
        .code,
    ).toBe("NOT_FOUND");
  });

  it("shows a change as pending while the router is offline, then applied after its next session", async () => {
    const id = deviceId(SERIAL.customer2);
    acs.setOnline(id, false);
    try {
      const task = await customer2.caller.portalWifi.change({
        equipmentId: routers.customer2,
        network: "tr098:1",
        ssid: "Walker Home",
      });
      expect(task.status).toBe("queued");
      acs.runQueued(id);
      const view = await customer2.caller.portalWifi.overview();
      expect(view.state === "ok" && view.routers[0]!.changes[0]).toMatchObject({ id: task.id, status: "done" });
    } finally {
      acs.setOnline(id, true);
    }
  });

  it("limits how many changes a customer sends in an hour", async () => {
    const attempt = () =>
      customer2.caller.portalWifi.change({ equipmentId: routers.customer2, network: "tr098:1", ssid: "Walker" });
    const codes: string[] = [];
    for (let i = 0; i < 7; i++)
      codes.push(
        await attempt().then(
          () => "OK",
          (e: { code: string }) => e.code,
        ),
      );
    const firstRefusal = codes.indexOf("CONFLICT");
    expect(firstRefusal).toBeGreaterThanOrEqual(0);
    expect(codes.slice(firstRefusal).every((c) => c === "CONFLICT")).toBe(true);
    // Five changes in the hour were sent (counting any by earlier tests), and no more reached the ACS.
    const sent = await runtime.database.db
      .select()
      .from(cpeTasks)
      .where(and(eq(cpeTasks.equipmentId, routers.customer2), eq(cpeTasks.requestedRealm, "customer")));
    expect(sent).toHaveLength(5);
    const error = await trpcFailure(attempt());
    expect(keyOf(error)).toBe("errors.acs.tooManyChanges");
  });
});
