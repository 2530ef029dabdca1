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
  timer: NodeJS.Timeout;
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
 * anything else is dropped. Each request is resent once (`retries`) after `timeoutMs` of silence.
 */
export class V2cClient {
  private readonly sockets = new Map<Family, Socket>();
  private readonly waiting = new Map<number, Waiting>();
  private referenced = false;
  private nextId = Math.floor(Math.random() * 0x3fffffff);

  constructor(private readonly options: { timeoutMs: number; retries: number }) {}

  get(target: V2cTarget, oids: readonly string[]): Promise<V2cVarbind[]> {
    return this.request(target, (id) => encodeV2cRequest(target.community, PDU_GET, id, oids));
  }

  /** One GetBulk with no non-repeaters: `maxRepetitions` rows after each OID, in row order. */
  async getBulk(target: V2cTarget, oids: readonly string[], maxRepetitions: number): Promise<V2cVarbind[][]> {
    const varbinds = await this.request(target, (id) =>
      encodeV2cRequest(target.community, PDU_GET_BULK, id, oids, maxRepetitions),
    );
    const columns: V2cVarbind[][] = oids.map(() => []);
    varbinds.forEach((varbind, i) => columns[i % oids.length]!.push(varbind));
    return columns;
  }

  /** Forgets a probe's requests still waiting (its deadline passed): their answers, if any, are dropped. */
  cancel(requests: Set<number>): void {
    for (const id of requests) {
      const waiting = this.waiting.get(id);
      if (!waiting) continue;
      clearTimeout(waiting.timer);
      this.waiting.delete(id);
    }
    this.reference();
  }

  private request(target: V2cTarget, encode: (id: number) => Buffer): Promise<V2cVarbind[]> {
    const id = (this.nextId = (this.nextId + 1) & 0x7fffffff);
    const message = encode(id);
    const socket = this.socketFor(target.family === 6 ? "udp6" : "udp4");
    return new Promise((resolve, reject) => {
      let retries = this.options.retries;
      const send = () =>
        socket.send(message, target.port, target.address, (error) => {
          if (error) this.settle(id)?.reject(error);
        });
      const onSilence = () => {
        const waiting = this.waiting.get(id);
        if (!waiting) return;
        if (retries-- > 0) {
          waiting.timer = setTimeout(onSilence, this.options.timeoutMs);
          send();
        } else this.settle(id)?.reject(new V2cTimeoutError("Request timed out"));
      };
      this.waiting.set(id, {
        address: target.address,
        port: target.port,
        community: target.community,
        timer: setTimeout(onSilence, this.options.timeoutMs),
        resolve,
        reject,
      });
      target.requests?.add(id);
      this.reference();
      send();
    });
  }

  private settle(id: number): Waiting | undefined {
    const waiting = this.waiting.get(id);
    if (!waiting) return undefined;
    clearTimeout(waiting.timer);
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
  requests?: Set<number>;
}
