import { createSocket, type Socket } from "node:dgram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SharedUdpTransport } from "./shared-udp";

/** A loopback UDP echo on `address`, answering "<address>:<what was sent>". */
async function echo(address: string): Promise<{ socket: Socket; port: number }> {
  const socket = createSocket("udp4");
  socket.on("message", (message, remote) =>
    socket.send(`${address}:${message.toString()}`, remote.port, remote.address),
  );
  await new Promise<void>((resolve) => socket.bind(0, address, () => resolve()));
  return { socket, port: socket.address().port };
}

describe("SharedUdpTransport", () => {
  let servers: { socket: Socket; port: number }[];
  beforeAll(async () => {
    servers = [await echo("127.0.0.1"), await echo("127.0.0.2")];
  });
  afterAll(() => servers.forEach((s) => s.socket.close()));

  it("gives each peer socket only the answers of the address it sent to, over one real socket", async () => {
    const transport = new SharedUdpTransport();
    const a = transport.module.createSocket("udp4");
    const b = transport.module.createSocket("udp4");
    const heard = (peer: typeof a) =>
      new Promise<string>((resolve) => peer.once("message", (m: Buffer) => resolve(m.toString())));
    const [fromA, fromB] = [heard(a), heard(b)];
    a.send(Buffer.from("one"), 0, 3, servers[0]!.port, "127.0.0.1");
    b.send(Buffer.from("two"), 0, 3, servers[1]!.port, "127.0.0.2");
    expect(await fromA).toBe("127.0.0.1:one");
    expect(await fromB).toBe("127.0.0.2:two");
    const closed = new Promise((resolve) => a.once("close", resolve));
    a.close();
    await closed;
    b.close();
  });

  it("refuses to send after close, and to bind", async () => {
    const transport = new SharedUdpTransport();
    const peer = transport.module.createSocket("udp4");
    peer.close();
    const error = await new Promise<Error | null>((resolve) =>
      peer.send(Buffer.from("x"), 0, 1, servers[0]!.port, "127.0.0.1", resolve),
    );
    expect(error).toBeInstanceOf(Error);
    expect(() => peer.bind()).toThrow();
  });
});
