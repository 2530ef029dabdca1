import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeNas, type FakeNas } from "../../../tests/fakes/radius-nas";
import { createRadiusDynamicClient, type RadiusDynamicClient } from "./dynamic-client";

describe("the Disconnect-Request client", () => {
  let nas: FakeNas;
  let client: RadiusDynamicClient;
  beforeAll(async () => {
    nas = await startFakeNas("nas-secret");
    client = createRadiusDynamicClient({ timeoutMs: 100, tries: 3 });
  });
  afterAll(async () => {
    await client.close();
    await nas.close();
  });

  const target = () => ({ address: nas.address, port: nas.port, secret: "nas-secret" });
  const session = { userName: "alice.1", acctSessionId: "s-1", nasIp: "127.0.0.1", framedIp: "100.64.0.9" };

  it("gets the NAS's ACK for a signed request naming the session", async () => {
    nas.received.length = 0;
    nas.answer("ack");
    expect(await client.disconnect(target(), session)).toEqual({ outcome: "ack" });
    expect(nas.received).toMatchObject([{ code: 40, signed: true, userName: "alice.1", acctSessionId: "s-1" }]);
  });

  it("reads a NAK's Error-Cause", async () => {
    nas.answer("nak");
    expect(await client.disconnect(target(), session)).toEqual({ outcome: "nak", errorCause: 503 });
    nas.answer("ack");
  });

  it("sends the same packet again when the NAS does not answer, then takes its answer", async () => {
    nas.received.length = 0;
    nas.answer({ silent: 1 });
    expect(await client.disconnect(target(), session)).toEqual({ outcome: "ack" });
    expect(nas.received).toHaveLength(2);
    expect(nas.received[1]!.raw.equals(nas.received[0]!.raw)).toBe(true);
  });

  it("gives up after its tries when the NAS drops every request (signed with another secret)", async () => {
    nas.received.length = 0;
    expect(await client.disconnect({ ...target(), secret: "wrong-secret" }, session)).toEqual({ outcome: "timeout" });
    expect(nas.received).toHaveLength(3);
    expect(nas.received.every((r) => !r.signed)).toBe(true);
  });
});
