/** The part of net-snmp (which ships no types) that server/integrations/snmp uses. */
declare module "net-snmp" {
  import type { EventEmitter } from "node:events";

  export interface Varbind {
    oid: string;
    type: number;
    value: unknown;
  }

  export interface SessionOptions {
    port?: number;
    retries?: number;
    timeout?: number;
    backoff?: number;
    transport?: "udp4" | "udp6";
    version?: number;
    idBitsSize?: 16 | 32;
    /** Replaces node:dgram: an object whose createSocket(family) returns a dgram-like socket. */
    dgramModule?: { createSocket(family: "udp4" | "udp6"): unknown };
  }

  export interface V3User {
    name: string;
    level: number;
    authProtocol?: number;
    authKey?: string;
    privProtocol?: number;
    privKey?: string;
  }

  export interface Session extends EventEmitter {
    get(oids: string[], callback: (error: Error | null, varbinds?: Varbind[]) => void): Session;
    getBulk(
      oids: string[],
      nonRepeaters: number,
      maxRepetitions: number,
      callback: (error: Error | null, varbinds?: (Varbind | Varbind[])[]) => void,
    ): Session;
    close(): Session;
  }

  export function createSession(target: string, community: string, options?: SessionOptions): Session;
  export function createV3Session(target: string, user: V3User, options?: SessionOptions): Session;
  export function isVarbindError(varbind: Varbind): boolean;

  export const Version2c: number;
  export const Version3: number;
  export const ObjectType: Record<string, number>;
  export const SecurityLevel: { noAuthNoPriv: number; authNoPriv: number; authPriv: number };
  export const AuthProtocols: Record<"md5" | "sha" | "sha224" | "sha256" | "sha384" | "sha512", number>;
  export const PrivProtocols: Record<"des" | "aes" | "aes256b" | "aes256r", number>;
  export const ResponseInvalidCode: Record<string, number>;

  export class RequestTimedOutError extends Error {}
  export class RequestFailedError extends Error {
    status: number;
  }
  export class ResponseInvalidError extends Error {
    code: number;
  }

  const snmp: {
    createSession: typeof createSession;
    createV3Session: typeof createV3Session;
    isVarbindError: typeof isVarbindError;
    Version2c: number;
    Version3: number;
    ObjectType: Record<string, number>;
    SecurityLevel: typeof SecurityLevel;
    AuthProtocols: typeof AuthProtocols;
    PrivProtocols: typeof PrivProtocols;
    ResponseInvalidCode: Record<string, number>;
    RequestTimedOutError: typeof RequestTimedOutError;
    RequestFailedError: typeof RequestFailedError;
    ResponseInvalidError: typeof ResponseInvalidError;
  };
  export default snmp;
}
