import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { EventEmitter } from "node:events";

type Family = "udp4" | "udp6";

/**
 * One UDP socket per address family shared by every probe, handed to net-snmp as its `dgramModule`.
 * net-snmp opens a socket per session, and a sweep of thousands of devices then spends more on
 * creating, binding and closing sockets than on SNMP. Answers are routed to the session that last
 * sent to their source address and port; the prober runs one probe per device at a time, so a
 * device has at most one session waiting on it.
 */
export class SharedUdpTransport {
  private readonly sockets = new Map<Family, Socket>();
  private readonly peers = new Map<string, PeerSocket>();
  private referenced = 0;

  /** What net-snmp calls `createSocket` on. */
  readonly module = { createSocket: (family: Family) => new PeerSocket(this, family) };

  socketFor(family: Family): Socket {
    let socket = this.sockets.get(family);
    if (!socket) {
      socket = createSocket(family);
      socket.on("message", (message: Buffer, remote: RemoteInfo) =>
        this.peers.get(`${remote.address}|${remote.port}`)?.emit("message", message, remote),
      );
      socket.on("error", (error) => {
        for (const peer of new Set(this.peers.values())) peer.emit("error", error);
      });
      socket.unref();
      this.sockets.set(family, socket);
    }
    return socket;
  }

  /** Routes answers from `address`:`port` to `peer`; returns the key to forget it by. */
  route(peer: PeerSocket, address: string, port: number): string {
    const key = `${address}|${port}`;
    this.peers.set(key, peer);
    return key;
  }

  forget(peer: PeerSocket, keys: Iterable<string>): void {
    for (const key of keys) if (this.peers.get(key) === peer) this.peers.delete(key);
  }

  /** net-snmp refs its socket while requests are in flight; the shared one stays referenced while any is. */
  reference(delta: 1 | -1): void {
    this.referenced += delta;
    for (const socket of this.sockets.values()) {
      if (this.referenced > 0) socket.ref();
      else socket.unref();
    }
  }
}

/** The socket one net-snmp session sees: sends through the shared one, hears only its peer. */
export class PeerSocket extends EventEmitter {
  private referenced = false;
  private closed = false;
  private readonly routes = new Set<string>();

  constructor(
    private readonly transport: SharedUdpTransport,
    private readonly family: Family,
  ) {
    super();
  }

  send(
    buffer: Buffer,
    offset: number,
    length: number,
    port: number,
    address: string,
    callback?: (error: Error | null) => void,
  ): void {
    if (this.closed) {
      callback?.(new Error("the session's socket is closed"));
      return;
    }
    this.routes.add(this.transport.route(this, address, port));
    this.transport.socketFor(this.family).send(buffer, offset, length, port, address, callback);
  }

  bind(): never {
    throw new Error("probes share one socket and do not bind their own");
  }

  ref(): this {
    if (!this.referenced && !this.closed) {
      this.referenced = true;
      this.transport.reference(1);
    }
    return this;
  }

  unref(): this {
    if (this.referenced) {
      this.referenced = false;
      this.transport.reference(-1);
    }
    return this;
  }

  close(): void {
    if (this.closed) return;
    this.unref();
    this.closed = true;
    this.transport.forget(this, this.routes);
    // As a real socket does: "close" comes after close() returns.
    setImmediate(() => this.emit("close"));
  }
}
