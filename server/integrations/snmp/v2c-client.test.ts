import { createSocket, type Socket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { V2cClient, V2cTimeoutError, type V2cTarget } from "./v2c-client";

const SYS_DESCR = "1.3.6.1.2.1.1.1.0";

/**
 * A loopback agent that answers a GetRequest with its own varbinds (NULL values) by turning its
 * PDU into a Response, but only from the `answerFrom`-th copy of each request on (1: at once).
 */
async function agent(): Promise<{ socket: Socket; port: number; received: number[]; answerFrom: { n: number } }> {
  const socket = createSocket("udp4");
  const received: number[] = [];
  const answerFrom = { n: 1 };
  const copies = new Map<string, number>();
  socket.on("message", (message, remote) => {
    const key = message.toString("hex");
    const copy = (copies.get(key) ?? 0) + 1;
    copies.set(key, copy);
    received.push(copy);
    if (copy < answerFrom.n) return;
    // SEQUENCE (short length), version (3 bytes), community TLV, then the PDU tag.
    const answer = Buffer.from(message);
    answer[2 + 3 + 2 + message[6]!] = 0xa2;
    socket.send(answer, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  return { socket, port: socket.address().port, received, answerFrom };
}

describe("V2cClient", () => {
  let a: Awaited<ReturnType<typeof agent>>;
  beforeAll(async () => {
    a = await agent();
  });
  afterAll(() => a.socket.close());

  const target = (extra: Partial<V2cTarget> = {}): V2cTarget => ({
    address: "127.0.0.1",
    family: 4,
    port: a.port,
    community: Buffer.from("public"),
    ...extra,
  });
  const fresh = () => {
    a.received.length = 0;
  };

  it("reads an answer", async () => {
    fresh();
    a.answerFrom.n = 1;
    const client = new V2cClient({ timeoutMs: 1000, retries: 1 });
    const varbinds = await client.get(target(), [SYS_DESCR]);
    expect(varbinds.map((v) => v.oid)).toEqual([SYS_DESCR]);
    expect(a.received).toEqual([1]);
  });

  // Silence: [copies the agent answers from, request timeout, retries, deadline after, copies sent, outcome].
  it.each([
    ["answers the resend after a silence", 2, 60, 1, null, [1, 2], "answered"],
    ["resends once, then fails as timed out", 99, 40, 1, null, [1, 2], "timeout"],
    ["sends once with no retries", 99, 40, 0, null, [1], "timeout"],
    ["does not resend past the probe's deadline", 99, 400, 1, 50, [1], "timeout"],
    ["cuts the resend short at the deadline", 99, 40, 3, 70, [1, 2], "timeout"],
  ] as const)("%s", async (_, answerFrom, timeoutMs, retries, deadlineAfter, sent, outcome) => {
    fresh();
    a.answerFrom.n = answerFrom;
    const client = new V2cClient({ timeoutMs, retries });
    const started = performance.now();
    const deadline = deadlineAfter === null ? undefined : started + deadlineAfter;
    const result = await client.get(target({ deadline }), [SYS_DESCR]).then(
      () => "answered",
      (error: unknown) => (error instanceof V2cTimeoutError ? "timeout" : String(error)),
    );
    const took = performance.now() - started;
    expect(result).toBe(outcome);
    expect(a.received).toEqual(sent);
    if (outcome === "timeout") {
      const expected = Math.min(timeoutMs * (retries + 1), deadlineAfter ?? Infinity);
      expect(took).toBeGreaterThanOrEqual(expected - 2);
      // A loaded machine delays timers; the bound only says the client did not wait for a later one.
      expect(took).toBeLessThan(expected + 1000);
    }
  });

  it("times out requests with different deadlines each on its own, through one timer", async () => {
    fresh();
    a.answerFrom.n = 99;
    const client = new V2cClient({ timeoutMs: 1000, retries: 0 });
    const started = performance.now();
    const order: string[] = [];
    const ask = (name: string, after: number) =>
      client.get(target({ deadline: started + after }), [SYS_DESCR]).catch(() => {
        order.push(name);
        return performance.now() - started;
      });
    // The later one is sent first: the timer must come forward for the earlier.
    const [late, early] = await Promise.all([ask("late", 150), ask("early", 40)]);
    expect(order).toEqual(["early", "late"]);
    expect(early).toBeGreaterThanOrEqual(38);
    expect(late).toBeGreaterThanOrEqual(148);
  });

  it("drops the answer to a cancelled request", async () => {
    fresh();
    a.answerFrom.n = 1;
    const client = new V2cClient({ timeoutMs: 1000, retries: 0 });
    const requests: number[] = [];
    let settled = false;
    void client.get(target({ requests }), [SYS_DESCR]).finally(() => (settled = true));
    client.cancel(requests);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(a.received).toEqual([1]);
    expect(settled).toBe(false);
  });
});
