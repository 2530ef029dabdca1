import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { decodeV2cResponse, encodeV2cRequest, PDU_GET, PDU_GET_BULK, type V2cVarbind } from "./v2c-codec";

type Family = "udp4" | "udp6";

/** A request that got no answer after its retries (the prober reports the kind "timeout"). */
export class V2cTimeoutError extends Error {}
/** The agent answered with an error status (noSuchName, genErr, ...). */
export class V2cErrorStatus extends Error {}

interface Waiting {
  address: string;
  port: number;
  community: Buffer;
  message: Buffer;
  socket: Socket;
  /** performance.now() at which silence means: resend, or give up. */
  expires: number;
  retriesLeft: number;
  /** The probe's own deadline, which no resend goes past. */
  deadline: number;
  resolve(varbinds: V2cVarbind[]): void;
  reject(error: Error): void;
}

const ERROR_STATUS = [
  "noError",
  "tooBig",
  "noSuchName",
  "badValue",
  "readOnly",
  "genErr",
  "noAccess",
  "wrongType",
  "wrongLength",
  "wrongEncoding",
  "wrongValue",
  "noCreation",
  "inconsistentValue",
  "resourceUnavailable",
  "commitFailed",
  "undoFailed",
  "authorizationError",
  "notWritable",
  "inconsistentName",
];

/**
 * SNMPv2c requests over one UDP socket per address family for the whole process. An answer is
 * taken only from the address and port the request went to, with its request id and community;
 * anything else is dropped. Each request is resent once (`retries`) after `timeoutMs` of silence,
 * and fails at its target's `deadline` (the whole probe's), whichever comes first.
 *
 * One timer serves every request: it fires at the earliest expiry and scans the requests waiting
 * (at most the prober's concurrency), instead of a timer set and cleared per request, which a
 * sweep of thousands of devices paid for thousands of times, in CPU and garbage.
 */
export class V2cClient {
  private readonly sockets = new Map<Family, Socket>();
  private readonly waiting = new Map<number, Waiting>();
  private referenced = false;
  private nextId = Math.floor(Math.random() * 0x3fffffff);
  private timer: NodeJS.Timeout | undefined;
  /** When the timer fires (performance.now()), Infinity when it is not set. */
  private timerAt = Infinity;

  constructor(private readonly options: { timeoutMs: number; retries: number }) {}

  get(target: V2cTarget, oids: readonly string[]): Promise<V2cVarbind[]> {
    return this.request(target, encodeV2cRequest(target.community, PDU_GET, this.newId(), oids));
  }

  /**
   * One GetBulk with no non-repeaters: `maxRepetitions` rows after each OID, as the agent sends
   * them, row by row (the varbind of OID i in row r is at r * oids.length + i).
   */
  getBulkRows(target: V2cTarget, oids: readonly string[], maxRepetitions: number): Promise<V2cVarbind[]> {
    return this.request(target, encodeV2cRequest(target.community, PDU_GET_BULK, this.newId(), oids, maxRepetitions));
  }

  /** One GetBulk with no non-repeaters: `maxRepetitions` rows after each OID, split by OID. */
  async getBulk(target: V2cTarget, oids: readonly string[], maxRepetitions: number): Promise<V2cVarbind[][]> {
    const varbinds = await this.getBulkRows(target, oids, maxRepetitions);
    const columns: V2cVarbind[][] = oids.map(() => []);
    for (let i = 0; i < varbinds.length; i++) columns[i % oids.length]!.push(varbinds[i]!);
    return columns;
  }

  /** Forgets a probe's requests still waiting (its deadline passed): their answers, if any, are dropped. */
  cancel(requests: readonly number[]): void {
    for (const id of requests) this.waiting.delete(id);
    this.reference();
  }

  private newId(): number {
    return (this.nextId = (this.nextId + 1) & 0x7fffffff);
  }

  /** Sends `message`, whose request id is the newest from newId(). */
  private request(target: V2cTarget, message: Buffer): Promise<V2cVarbind[]> {
    const id = this.nextId;
    const socket = this.socketFor(target.family === 6 ? "udp6" : "udp4");
    const deadline = target.deadline ?? Infinity;
    return new Promise((resolve, reject) => {
      const waiting: Waiting = {
        address: target.address,
        port: target.port,
        community: target.community,
        message,
        socket,
        expires: Math.min(performance.now() + this.options.timeoutMs, deadline),
        retriesLeft: this.options.retries,
        deadline,
        resolve,
        reject,
      };
      this.waiting.set(id, waiting);
      target.requests?.push(id);
      this.reference();
      this.arm(waiting.expires);
      this.send(id, waiting);
    });
  }

  private send(id: number, waiting: Waiting): void {
    waiting.socket.send(waiting.message, waiting.port, waiting.address, (error) => {
      if (error && this.waiting.get(id) === waiting) this.settle(id)?.reject(error);
    });
  }

  /** Makes the timer fire by `at` (performance.now()). */
  private arm(at: number): void {
    if (at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(at - performance.now())));
    // The sockets keep the process alive while a request waits (reference()); the timer need not.
    this.timer.unref();
  }

  /** Resends or fails every request whose silence has lasted its time, then waits for the next one due. */
  private expire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    // A timer may fire a little early by performance.now(); a millisecond's slack keeps it from spinning.
    const now = performance.now() + 1;
    let next = Infinity;
    for (const [id, waiting] of this.waiting) {
      if (waiting.expires > now) {
        next = Math.min(next, waiting.expires);
        continue;
      }
      if (waiting.retriesLeft > 0 && waiting.deadline > now) {
        waiting.retriesLeft--;
        waiting.expires = Math.min(now + this.options.timeoutMs, waiting.deadline);
        next = Math.min(next, waiting.expires);
        this.send(id, waiting);
      } else this.settle(id)?.reject(new V2cTimeoutError("Request timed out"));
    }
    if (next !== Infinity) this.arm(next);
  }

  private settle(id: number): Waiting | undefined {
    const waiting = this.waiting.get(id);
    if (!waiting) return undefined;
    this.waiting.delete(id);
    this.reference();
    return waiting;
  }

  private onMessage(message: Buffer, remote: RemoteInfo): void {
    const response = decodeV2cResponse(message);
    if (!response) return;
    const waiting = this.waiting.get(response.requestId);
    if (
      !waiting ||
      waiting.address !== remote.address ||
      waiting.port !== remote.port ||
      !waiting.community.equals(response.community)
    ) {
      return;
    }
    this.settle(response.requestId);
    if (response.errorStatus !== 0) {
      const name = ERROR_STATUS[response.errorStatus] ?? `error ${response.errorStatus}`;
      const at = response.varbinds[response.errorIndex - 1]?.oid;
      waiting.reject(new V2cErrorStatus(at ? `${name}: ${at}` : name));
    } else waiting.resolve(response.varbinds);
  }

  private socketFor(family: Family): Socket {
    let socket = this.sockets.get(family);
    if (!socket) {
      socket = createSocket(family);
      socket.on("message", (message: Buffer, remote: RemoteInfo) => this.onMessage(message, remote));
      socket.on("error", () => undefined);
      this.sockets.set(family, socket);
      if (!this.referenced) socket.unref();
    }
    return socket;
  }

  /** The sockets keep the process alive only while a request waits. */
  private reference(): void {
    const wanted = this.waiting.size > 0;
    if (wanted === this.referenced) return;
    this.referenced = wanted;
    for (const socket of this.sockets.values()) {
      if (wanted) socket.ref();
      else socket.unref();
    }
  }
}

export interface V2cTarget {
  address: string;
  family: 4 | 6;
  port: number;
  community: Buffer;
  /** Collects the ids of the requests sent, so a probe past its deadline can cancel them. */
  requests?: number[];
  /** performance.now() by which the probe ends: a request still silent then fails as timed out, unresent. */
  deadline?: number;
}
