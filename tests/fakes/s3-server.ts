/**
 * A local stand-in for an S3-compatible server, speaking S3's wire format for what file storage
 * uses: path-style PutObject, GetObject and DeleteObject (`/<bucket>/<key>`), requests signed
 * with AWS Signature Version 4 (the Authorization header is checked in full: the access key it
 * names, the scope's region and service, and the signature over the canonical request), the
 * signed x-amz-content-sha256 checked against the body, and S3's XML error bodies (NoSuchKey,
 * NoSuchBucket, InvalidAccessKeyId, SignatureDoesNotMatch). Listens on 127.0.0.1 only and keeps
 * at most `maxObjectBytes` per object.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeS3Object {
  bytes: Uint8Array;
  contentType: string;
  etag: string;
  lastModified: Date;
}
export interface FakeS3Request {
  method: string;
  bucket: string;
  key: string;
  accessKeyId: string | null;
  status: number;
}

export interface FakeS3Server {
  /** Give this to the client as S3_ENDPOINT (path-style). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** By "bucket/key". */
  objects: Map<string, FakeS3Object>;
  requests: FakeS3Request[];
  close(): Promise<void>;
}

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
const xmlEscape = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** RFC 3986 encoding, as SigV4 canonicalizes query parameters. */
const uriEncode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly resource?: string,
  ) {
    super(message);
  }
}

function sendError(res: ServerResponse, error: S3Error, requestId: string): void {
  res.writeHead(error.status, { "content-type": "application/xml", "x-amz-request-id": requestId });
  res.end(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${xmlEscape(error.message)}</Message>` +
      `${error.resource ? `<Key>${xmlEscape(error.resource)}</Key>` : ""}<RequestId>${requestId}</RequestId></Error>`,
  );
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit)
      throw new S3Error(400, "EntityTooLarge", `Your proposed upload exceeds the fake's limit of ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

/** Checks the request's SigV4 signature as S3 does; returns the access key it was signed with. */
function verifySignature(
  req: IncomingMessage,
  rawPath: string,
  rawQuery: string,
  server: Pick<FakeS3Server, "accessKeyId" | "secretAccessKey" | "region">,
): string {
  const header = req.headers.authorization;
  if (!header)
    throw new S3Error(403, "AccessDenied", "Access Denied: the request is not signed (no Authorization header)");
  const match = AUTHORIZATION.exec(header);
  if (!match)
    throw new S3Error(
      400,
      "AuthorizationHeaderMalformed",
      "The authorization header is malformed; expected AWS4-HMAC-SHA256",
    );
  const [, accessKeyId, day, region, service, signedHeaders, signature] = match as unknown as string[];
  if (accessKeyId !== server.accessKeyId)
    throw new S3Error(403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.");
  if (region !== server.region || service !== "s3")
    throw new S3Error(
      400,
      "AuthorizationHeaderMalformed",
      `the region '${region}' is wrong; expecting '${server.region}'`,
    );
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (!amzDate.startsWith(day!))
    throw new S3Error(403, "AccessDenied", "x-amz-date is missing or does not match the credential scope");
  const names = signedHeaders!.split(";");
  if (!names.includes("host") || !names.includes("x-amz-date") || !names.includes("x-amz-content-sha256")) {
    throw new S3Error(403, "AccessDenied", "host, x-amz-date and x-amz-content-sha256 must be signed");
  }
  const query = rawQuery
    .split("&")
    .filter(Boolean)
    .map((pair) => {
      const [key = "", value = ""] = pair.split("=");
      return [uriEncode(decodeURIComponent(key)), uriEncode(decodeURIComponent(value))] as const;
    })
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const headers = names
    .map(
      (name) =>
        `${name}:${String(req.headers[name] ?? "")
          .trim()
          .replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const canonicalRequest = [
    req.method,
    rawPath,
    query,
    headers,
    signedHeaders,
    String(req.headers["x-amz-content-sha256"]),
  ].join("\n");
  const scope = `${day}/${region}/s3/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${server.secretAccessKey}`, day!), region), "s3"), "aws4_request");
  const expected = hmac(key, stringToSign);
  if (!timingSafeEqual(expected, Buffer.from(signature!, "hex"))) {
    throw new S3Error(
      403,
      "SignatureDoesNotMatch",
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    );
  }
  return accessKeyId;
}

export async function startFakeS3(
  options: {
    bucket?: string;
    region?: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    maxObjectBytes?: number;
  } = {},
): Promise<FakeS3Server> {
  const state = {
    bucket: options.bucket ?? "job-files",
    region: options.region ?? "us-east-1",
    accessKeyId: options.accessKeyId ?? `AKIA${randomBytes(8).toString("hex").toUpperCase()}`,
    secretAccessKey: options.secretAccessKey ?? randomBytes(20).toString("base64"),
    objects: new Map<string, FakeS3Object>(),
    requests: [] as FakeS3Request[],
  };
  const maxObjectBytes = options.maxObjectBytes ?? 16 * 1024 * 1024;

  async function handle(req: IncomingMessage, res: ServerResponse, record: FakeS3Request): Promise<void> {
    const [rawPath = "/", rawQuery = ""] = (req.url ?? "/").split("?", 2);
    const [, bucket = "", ...keyParts] = rawPath.split("/");
    record.bucket = decodeURIComponent(bucket);
    record.key = keyParts.map(decodeURIComponent).join("/");
    record.accessKeyId = verifySignature(req, rawPath, rawQuery, state);
    if (record.bucket !== state.bucket) throw new S3Error(404, "NoSuchBucket", "The specified bucket does not exist");
    if (!record.key) throw new S3Error(501, "NotImplemented", "The fake serves objects only, not bucket operations");
    const id = `${record.bucket}/${record.key}`;
    const payloadHash = String(req.headers["x-amz-content-sha256"]);
    if (payloadHash.startsWith("STREAMING-") || /aws-chunked/.test(String(req.headers["content-encoding"] ?? ""))) {
      throw new S3Error(501, "NotImplemented", "The fake does not take aws-chunked (streaming) uploads");
    }
    const body = await readBody(req, maxObjectBytes);
    if (payloadHash !== "UNSIGNED-PAYLOAD" && payloadHash !== sha256(body)) {
      throw new S3Error(
        400,
        "XAmzContentSHA256Mismatch",
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
    }
    if (req.method === "PUT") {
      const etag = `"${createHash("md5").update(body).digest("hex")}"`;
      state.objects.set(id, {
        bytes: new Uint8Array(body),
        contentType: String(req.headers["content-type"] ?? "binary/octet-stream"),
        etag,
        lastModified: new Date(),
      });
      res.writeHead(200, { etag, "content-length": "0" }).end();
    } else if (req.method === "GET" || req.method === "HEAD") {
      const object = state.objects.get(id);
      if (!object) throw new S3Error(404, "NoSuchKey", "The specified key does not exist.", record.key);
      res.writeHead(200, {
        "content-type": object.contentType,
        "content-length": String(object.bytes.length),
        etag: object.etag,
        "last-modified": object.lastModified.toUTCString(),
        "accept-ranges": "bytes",
      });
      res.end(req.method === "GET" ? object.bytes : undefined);
    } else if (req.method === "DELETE") {
      state.objects.delete(id);
      res.writeHead(204).end();
    } else {
      throw new S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
    }
    record.status = res.statusCode;
  }

  const server = createServer((req, res) => {
    const requestId = randomBytes(8).toString("hex").toUpperCase();
    const record: FakeS3Request = { method: req.method ?? "", bucket: "", key: "", accessKeyId: null, status: 0 };
    state.requests.push(record);
    handle(req, res, record).catch((error: unknown) => {
      const s3Error = error instanceof S3Error ? error : new S3Error(500, "InternalError", String(error));
      record.status = s3Error.status;
      // Drain what the client still sends, so it reads our answer instead of a reset.
      req.resume();
      sendError(res, s3Error, requestId);
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...state,
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
