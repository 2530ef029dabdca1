import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { and, count, eq, isNull, ne, notExists } from "drizzle-orm";
import {
  auditLog,
  dispatchJobHelpers,
  dispatchJobPhotos,
  dispatchJobs,
  dispatchTechnicians,
  staffUsers,
  technicianActions,
} from "@/server/db/schema";
import { setRuntime, type Runtime } from "@/server/runtime";
import type { ServerConfig } from "@/server/config";
import { createFileStorage, LocalDiskStorage, S3Storage } from "@/server/storage";
import { applyOnce } from "@/server/services/tech/action-ledger";
import { saveSignature } from "@/server/services/tech/signature";
import { POST as uploadPhoto } from "@/app/api/tech/jobs/[jobId]/photos/route";
import { GET as getPhoto } from "@/app/api/tech/photos/[id]/route";
import { GET as getSignature } from "@/app/api/tech/jobs/[jobId]/signature/route";
import {
  bytesOf,
  JPEG_37x21,
  PNG_37x21,
  SIGNATURE_PNG_60x20,
  syntheticJpeg,
  WEBP_37x21,
} from "@/lib/domain/media/sample-images";
import { startFakeS3, type FakeS3Server } from "../fakes/s3-server";
import { createSeededRuntime, signIn, TEST_BASE_URL, type TestRuntime } from "../support/test-runtime";

/**
 * Job photos and signatures through the real route handlers, signed in as the demo staff:
 * each upload stored and recorded once per client key (concurrent duplicates, later replays),
 * every bad input refused with its status and nothing written, reads limited to the job's
 * technician and the board's staff; on local disk and on S3 (the AWS SDK against the fake).
 */
let base: TestRuntime;
let filesDir: string;
let s3: FakeS3Server;
const session: Record<string, Headers> = {};
let techId: number;
let techUserId: string;
let myJobs: number[];
let othersJob: number;
const db = () => base.database.db;

/** The seeded runtime with its files in a directory of this test's, or in the fake bucket. */
function runtimeWithStorage(storage: ServerConfig["storage"]): Runtime {
  const config = { ...base.config, storage };
  const runtime = { ...base, config, storage: createFileStorage(config) };
  setRuntime(runtime);
  return runtime;
}
const onDisk = () => runtimeWithStorage({ dir: filesDir, s3: null });
const onS3 = () =>
  runtimeWithStorage({
    dir: filesDir,
    s3: {
      bucket: s3.bucket,
      region: s3.region,
      endpoint: s3.endpoint,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      forcePathStyle: true,
    },
  });

function post(
  jobId: number | string,
  body: Uint8Array | string,
  options: { as?: string; key?: string | null; type?: string; caption?: string; headers?: Record<string, string> } = {},
) {
  const headers = new Headers(options.as ? session[options.as] : {});
  if (options.key !== null) headers.set("idempotency-key", options.key ?? randomUUID());
  headers.set("content-type", options.type ?? "image/jpeg");
  if (options.caption) headers.set("x-caption", encodeURIComponent(options.caption));
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
  const request = new Request(`${TEST_BASE_URL}/api/tech/jobs/${jobId}/photos`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
  return uploadPhoto(request, { params: Promise.resolve({ jobId: String(jobId) }) });
}
const fetchPhoto = (id: number | string, as?: string) =>
  getPhoto(new Request(`${TEST_BASE_URL}/api/tech/photos/${id}`, { headers: as ? session[as] : {} }), {
    params: Promise.resolve({ id: String(id) }),
  });
const fetchSignature = (jobId: number, as?: string) =>
  getSignature(new Request(`${TEST_BASE_URL}/api/tech/jobs/${jobId}/signature`, { headers: as ? session[as] : {} }), {
    params: Promise.resolve({ jobId: String(jobId) }),
  });
const photoCount = async () => (await db().select({ n: count() }).from(dispatchJobPhotos))[0]!.n;
const filesUnder = async (dir: string) =>
  (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])).filter((e) => e.isFile()).length;

beforeAll(async () => {
  base = await createSeededRuntime();
  filesDir = await mkdtemp(path.join(tmpdir(), "tech-photos-"));
  s3 = await startFakeS3();
  for (const email of ["technician", "dispatcher", "support", "billing", "admin"]) {
    const { status, headers } = await signIn(base, "staff", `${email}@demo.test`);
    expect(status).toBe(200);
    session[email] = headers;
  }
  session.customer = (await signIn(base, "customer", "customer@demo.test")).headers;
  const [tech] = await db()
    .select({ id: dispatchTechnicians.id, userId: staffUsers.id })
    .from(dispatchTechnicians)
    .innerJoin(staffUsers, eq(staffUsers.id, dispatchTechnicians.userId))
    .where(eq(staffUsers.email, "technician@demo.test"));
  techId = tech!.id;
  techUserId = tech!.userId;
  // Jobs nobody has signed yet: the seeded history signs some of them, depending on the day it ran.
  myJobs = (
    await db()
      .select({ id: dispatchJobs.id })
      .from(dispatchJobs)
      .where(
        and(
          eq(dispatchJobs.leadTechnicianId, techId),
          isNull(dispatchJobs.signatureName),
          isNull(dispatchJobs.signatureKey),
          isNull(dispatchJobs.signedAt),
        ),
      )
      .orderBy(dispatchJobs.id)
  ).map((j) => j.id);
  expect(myJobs.length).toBeGreaterThanOrEqual(4);
  // Another technician's job on which ours is not a helper either.
  const [other] = await db()
    .select({ id: dispatchJobs.id })
    .from(dispatchJobs)
    .where(
      and(
        ne(dispatchJobs.leadTechnicianId, techId),
        notExists(
          db()
            .select()
            .from(dispatchJobHelpers)
            .where(and(eq(dispatchJobHelpers.jobId, dispatchJobs.id), eq(dispatchJobHelpers.technicianId, techId))),
        ),
      ),
    )
    .limit(1);
  othersJob = other!.id;
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await s3?.close();
  await base?.close();
  if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

/**
 * A refusal's detail: the route's own are `{ error: { code, message, refusal, key, params, reason } }`,
 * the wrapper's (sign-in, role, params, internal errors) `{ error: "<sentence>" }`.
 */
function refusalDetail(body: unknown): Record<string, unknown> {
  const error = (body as { error?: unknown }).error;
  return typeof error === "string" ? { message: error } : (error as Record<string, unknown>);
}

describe("photo upload (local disk)", () => {
  it("stores an accepted photo once, even posted twice at once and again later, and answers every copy alike", async () => {
    onDisk();
    const put = vi.spyOn(LocalDiskStorage.prototype, "put");
    const key = randomUUID();
    const photo = bytesOf(JPEG_37x21);
    // A replay is the same request again, caption included.
    const send = () => post(myJobs[0]!, photo, { as: "technician", key, caption: "Boîtier posé — côté est" });
    const first = await Promise.all([send(), send()]);
    expect(first.map((r) => r.status).sort()).toEqual([200, 201]);
    const [a, b] = (await Promise.all(first.map((r) => r.json()))) as [{ id: number }, unknown];
    expect(a).toEqual(b);
    expect(a).toEqual({ id: expect.any(Number), url: `/api/tech/photos/${a.id}`, width: 37, height: 21 });

    const later = await send();
    expect(later.status).toBe(200);
    expect(await later.json()).toEqual(a);

    expect(put).toHaveBeenCalledTimes(1);
    const rows = await db().select().from(dispatchJobPhotos).where(eq(dispatchJobPhotos.jobId, myJobs[0]!));
    expect(rows).toEqual([
      expect.objectContaining({
        id: a.id,
        storageKey: `jobs/${myJobs[0]}/photos/${key}.jpg`,
        contentType: "image/jpeg",
        bytes: photo.length,
        width: 37,
        height: 21,
        caption: "Boîtier posé — côté est",
        uploadedBy: techUserId,
      }),
    ]);
    expect(await readFile(path.join(filesDir, "jobs", String(myJobs[0]), "photos", `${key}.jpg`))).toEqual(
      Buffer.from(photo),
    );
    const ledger = await db().select().from(technicianActions).where(eq(technicianActions.clientKey, key));
    expect(ledger).toEqual([
      expect.objectContaining({ technicianId: techId, jobId: myJobs[0], kind: "photo", accepted: true }),
    ]);
    // Added once to the audit log, by the technician, whatever the replays.
    const audited = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, String(myJobs[0])), eq(auditLog.action, "dispatch.job.photo_added")));
    expect(audited).toEqual([
      expect.objectContaining({
        actorRealm: "staff",
        actorId: techUserId,
        entityType: "dispatch_job",
        changes: { [`photo:${a.id}`]: { from: null, to: "Boîtier posé — côté est" } },
      }),
    ]);
  });

  it("takes PNG and WebP too, each under its own extension", async () => {
    onDisk();
    const png = await post(myJobs[1]!, bytesOf(PNG_37x21), { as: "technician", type: "image/png" });
    const webp = await post(myJobs[1]!, bytesOf(WEBP_37x21), { as: "technician", type: "image/webp" });
    expect([png.status, webp.status]).toEqual([201, 201]);
    const keys = (
      await db()
        .select({ key: dispatchJobPhotos.storageKey })
        .from(dispatchJobPhotos)
        .where(eq(dispatchJobPhotos.jobId, myJobs[1]!))
    ).map((r) => r.key);
    expect(keys.map((k) => path.extname(k)).sort()).toEqual([".png", ".webp"]);
  });

  it("refuses bad uploads with a clear status and reason, and writes nothing", async () => {
    onDisk();
    const put = vi.spyOn(LocalDiskStorage.prototype, "put");
    const photosBefore = await photoCount();
    const filesBefore = await filesUnder(filesDir);
    const ledgerBefore = (await db().select({ n: count() }).from(technicianActions))[0]!.n;
    const jpeg = bytesOf(JPEG_37x21);
    const oversized = new Uint8Array(5 * 1024 * 1024 + 1);
    oversized.set(jpeg);

    const cases: Array<[string, Promise<Response>, number, Record<string, unknown>]> = [
      ["anonymous", post(myJobs[0]!, jpeg), 401, {}],
      ["a customer", post(myJobs[0]!, jpeg, { as: "customer" }), 403, {}],
      ["billing staff", post(myJobs[0]!, jpeg, { as: "billing" }), 403, {}],
      ["a dispatcher", post(myJobs[0]!, jpeg, { as: "dispatcher" }), 403, {}],
      ["another technician's job", post(othersJob, jpeg, { as: "technician" }), 403, { refusal: "not_your_job" }],
      ["an unknown job", post(99_999_999, jpeg, { as: "technician" }), 404, {}],
      ["a job id that is not a number", post("12abc", jpeg, { as: "technician" }), 400, {}],
      ["no Idempotency-Key", post(myJobs[0]!, jpeg, { as: "technician", key: null }), 400, {}],
      ["a malformed Idempotency-Key", post(myJobs[0]!, jpeg, { as: "technician", key: "../../x" }), 400, {}],
      [
        "over 5 MB, streamed without Content-Length",
        post(myJobs[0]!, oversized, { as: "technician" }),
        413,
        { refusal: "invalid_image", reason: "too_large" },
      ],
      [
        "a Content-Length over 5 MB",
        post(myJobs[0]!, jpeg, { as: "technician", headers: { "content-length": String(6 * 1024 * 1024) } }),
        413,
        { reason: "too_large" },
      ],
      [
        "text sent as text",
        post(myJobs[0]!, "hello", { as: "technician", type: "text/plain" }),
        415,
        { refusal: "invalid_image", reason: "not_an_image" },
      ],
      [
        "HTML sent as a JPEG",
        post(myJobs[0]!, "<html><script>alert(1)</script>", { as: "technician" }),
        415,
        { reason: "not_an_image" },
      ],
      [
        "a PNG sent as a JPEG",
        post(myJobs[0]!, bytesOf(PNG_37x21), { as: "technician" }),
        415,
        { reason: "type_mismatch" },
      ],
      [
        "a 5000 px wide JPEG",
        post(myJobs[0]!, syntheticJpeg(5000, 3000), { as: "technician" }),
        422,
        { reason: "too_many_pixels" },
      ],
      [
        "a JPEG cut before its frame",
        post(myJobs[0]!, jpeg.subarray(0, 300), { as: "technician" }),
        422,
        { reason: "unreadable" },
      ],
      ["an empty body", post(myJobs[0]!, new Uint8Array(), { as: "technician" }), 400, { reason: "empty" }],
    ];
    for (const [name, pending, status, body] of cases) {
      const response = await pending;
      expect({ name, status: response.status }).toEqual({ name, status });
      expect(refusalDetail(await response.json())).toMatchObject({ message: expect.any(String), ...body });
    }
    expect(put).not.toHaveBeenCalled();
    expect(await photoCount()).toBe(photosBefore);
    expect(await filesUnder(filesDir)).toBe(filesBefore);
    expect((await db().select({ n: count() }).from(technicianActions))[0]!.n).toBe(ledgerBefore);
  });

  it("words its refusals in the phone's language and hands over the key the phone keeps", async () => {
    onDisk();
    const said = async (language: string) =>
      refusalDetail(
        await (
          await post(myJobs[0]!, "hello", {
            as: "technician",
            type: "text/plain",
            headers: { "accept-language": language },
          })
        ).json(),
      );
    const [french, english] = await Promise.all([said("fr-CA"), said("en-CA")]);
    expect(french).toMatchObject({ refusal: "invalid_image", key: "errors.image.notAnImage" });
    expect(english).toMatchObject({ key: "errors.image.notAnImage", params: french.params });
    expect(french.message).toMatch(/^Le fichier n'est pas une image/);
    expect(english.message).toMatch(/^The file is not a/);
  });

  it("answers a job reassigned while the phone was offline with 409 reassigned", async () => {
    onDisk();
    const jobId = myJobs[3]!;
    const [other] = await db()
      .select({ id: dispatchTechnicians.id })
      .from(dispatchTechnicians)
      .where(ne(dispatchTechnicians.id, techId))
      .limit(1);
    await db().update(dispatchJobs).set({ leadTechnicianId: other!.id }).where(eq(dispatchJobs.id, jobId));
    await db()
      .insert(auditLog)
      .values({
        actorRealm: "staff",
        action: "dispatch.job.update",
        entityType: "dispatch_job",
        entityId: String(jobId),
        changes: { leadTechnicianId: { from: techId, to: other!.id } },
      });
    try {
      const response = await post(jobId, bytesOf(JPEG_37x21), { as: "technician" });
      expect(response.status).toBe(409);
      expect(refusalDetail(await response.json())).toMatchObject({
        refusal: "reassigned",
        key: "errors.tech.reassigned",
        message: expect.stringContaining(String(jobId)),
      });
    } finally {
      await db().update(dispatchJobs).set({ leadTechnicianId: techId }).where(eq(dispatchJobs.id, jobId));
    }
  });

  it("refuses a client key already used for another action, with 409 key_reused", async () => {
    onDisk();
    const key = randomUUID();
    await db().insert(technicianActions).values({
      clientKey: key,
      technicianId: techId,
      jobId: myJobs[0]!,
      kind: "checklist",
      accepted: true,
      outcome: {},
    });
    const response = await post(myJobs[0]!, bytesOf(JPEG_37x21), { as: "technician", key });
    expect(response.status).toBe(409);
    expect(refusalDetail(await response.json())).toMatchObject({ refusal: "key_reused", key: "errors.tech.keyReused" });
    expect(
      await db()
        .select()
        .from(dispatchJobPhotos)
        .where(eq(dispatchJobPhotos.storageKey, `jobs/${myJobs[0]}/photos/${key}.jpg`)),
    ).toEqual([]);
  });

  it("lets an admin add a photo to any job, once per key", async () => {
    onDisk();
    const key = randomUUID();
    const first = await post(othersJob, bytesOf(JPEG_37x21), { as: "admin", key });
    const again = await post(othersJob, bytesOf(JPEG_37x21), { as: "admin", key });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(await again.json()).toEqual(await first.json());
  });
});

describe("photo reads", () => {
  it("serve the bytes to the job's technician and the board's staff, and to no one else", async () => {
    onDisk();
    const photo = bytesOf(JPEG_37x21);
    const { id } = (await (await post(myJobs[2]!, photo, { as: "technician" })).json()) as { id: number };
    for (const reader of ["technician", "dispatcher", "support", "admin"]) {
      const response = await fetchPhoto(id, reader);
      expect({ reader, status: response.status }).toEqual({ reader, status: 200 });
      expect(response.headers.get("content-type")).toBe("image/jpeg");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(photo);
    }
    expect((await fetchPhoto(id)).status).toBe(401);
    expect((await fetchPhoto(id, "billing")).status).toBe(403);
    expect((await fetchPhoto(id, "customer")).status).toBe(403);
    expect((await fetchPhoto(99_999_999, "technician")).status).toBe(404);
    expect((await fetchPhoto("abc", "dispatcher")).status).toBe(400);
    // Billing learns nothing about which ids exist.
    expect((await fetchPhoto(99_999_999, "billing")).status).toBe(403);

    const { id: othersPhoto } = (await (await post(othersJob, photo, { as: "admin" })).json()) as { id: number };
    expect((await fetchPhoto(othersPhoto, "technician")).status).toBe(403);
    expect((await fetchPhoto(othersPhoto, "dispatcher")).status).toBe(200);
  });
});

describe("signature", () => {
  const dataUrl = (base64: string, prefix = "data:image/png;base64,") => `${prefix}${base64}`;

  it("is saved once per key (concurrent and later replays), then served like photos", async () => {
    const runtime = onDisk();
    const storage = runtime.storage;
    const put = vi.spyOn(storage, "put");
    const jobId = myJobs[1]!;
    const clientKey = randomUUID();
    const sign = () =>
      applyOnce(db(), { clientKey, technicianId: techId, jobId, kind: "signature" }, (tx) =>
        saveSignature(tx, storage, {
          jobId,
          clientKey,
          signerName: "Julie Tremblay",
          image: dataUrl(SIGNATURE_PNG_60x20),
        }),
      );
    const outcomes = await Promise.all([sign(), sign()]);
    const later = await sign();
    const signatureKey = `jobs/${jobId}/signature-${clientKey}.png`;
    expect(outcomes.map((o) => o.replayed).sort()).toEqual([false, true]);
    for (const outcome of [...outcomes, later]) {
      expect(outcome).toMatchObject({
        accepted: true,
        result: { signatureKey, signedAt: expect.any(String), url: `/api/tech/jobs/${jobId}/signature` },
      });
    }
    expect(new Set([...outcomes, later].map((o) => (o.accepted ? o.result.signedAt : null))).size).toBe(1);
    expect(put).toHaveBeenCalledTimes(1);
    const [job] = await db().select().from(dispatchJobs).where(eq(dispatchJobs.id, jobId));
    expect(job).toMatchObject({ signatureName: "Julie Tremblay", signatureKey, signedAt: expect.any(Date) });

    for (const reader of ["technician", "dispatcher", "support", "admin"]) {
      const response = await fetchSignature(jobId, reader);
      expect({ reader, status: response.status }).toEqual({ reader, status: 200 });
      expect(response.headers.get("content-type")).toBe("image/png");
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytesOf(SIGNATURE_PNG_60x20));
    }
    expect((await fetchSignature(jobId)).status).toBe(401);
    expect((await fetchSignature(jobId, "billing")).status).toBe(403);
    expect((await fetchSignature(othersJob, "technician")).status).toBe(403);
    expect((await fetchSignature(myJobs[2]!, "technician")).status).toBe(404); // not signed
    expect((await fetchSignature(99_999_999, "dispatcher")).status).toBe(404);
  });

  it.each([
    ["a JPEG behind a PNG data URL", dataUrl(JPEG_37x21)],
    ["not base64", dataUrl("iVBORw0KGgo%%%%")],
    ["a PNG cut short", dataUrl(SIGNATURE_PNG_60x20.slice(0, 200))],
    ["a PNG over 200 KB", dataUrl("A".repeat(280_000))],
    ["another kind of data URL", dataUrl(SIGNATURE_PNG_60x20, "data:image/svg+xml;base64,")],
  ])("refuses %s as invalid_image and changes nothing", async (_name, image) => {
    const runtime = onDisk();
    const storage = runtime.storage;
    const put = vi.spyOn(storage, "put");
    const jobId = myJobs[2]!;
    const outcome = await applyOnce(
      db(),
      { clientKey: randomUUID(), technicianId: techId, jobId, kind: "signature" },
      (tx) => saveSignature(tx, storage, { jobId, clientKey: randomUUID(), signerName: "Julie Tremblay", image }),
    );
    expect(outcome).toMatchObject({
      accepted: false,
      code: "invalid_image",
      message: expect.any(String),
      key: expect.stringMatching(/^errors\.(image|signature)\./),
    });
    expect(put).not.toHaveBeenCalled();
    const [job] = await db().select().from(dispatchJobs).where(eq(dispatchJobs.id, jobId));
    expect(job).toMatchObject({ signatureName: null, signatureKey: null, signedAt: null });
  });
});

describe("on S3 (the AWS SDK against the fake bucket)", () => {
  it("stores a photo once under concurrent duplicates and serves it back", async () => {
    const runtime = onS3();
    expect(runtime.storage).toBeInstanceOf(S3Storage);
    const key = randomUUID();
    const photo = bytesOf(WEBP_37x21);
    const responses = await Promise.all(
      [1, 2, 3].map(() => post(myJobs[2]!, photo, { as: "technician", key, type: "image/webp" })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    const { id } = (await responses[0]!.json()) as { id: number };
    const objectKey = `jobs/${myJobs[2]}/photos/${key}.webp`;
    expect(s3.requests.filter((r) => r.method === "PUT" && r.key === objectKey)).toEqual([
      { method: "PUT", bucket: s3.bucket, key: objectKey, accessKeyId: s3.accessKeyId, status: 200 },
    ]);
    expect(s3.objects.get(`${s3.bucket}/${objectKey}`)).toMatchObject({ contentType: "image/webp", bytes: photo });

    const read = await fetchPhoto(id, "dispatcher");
    expect(read.status).toBe(200);
    expect(new Uint8Array(await read.arrayBuffer())).toEqual(photo);
  });

  it("keeps nothing when the bucket refuses the write, so the phone's retry starts clean", async () => {
    const runtime = onS3();
    const storage = runtime.storage;
    vi.spyOn(storage, "put").mockRejectedValueOnce(new Error("bucket unavailable"));
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const key = randomUUID();
    // A 500 the phone retries: the cause is logged under the request id the body quotes, never shown.
    const failed = await post(myJobs[2]!, bytesOf(JPEG_37x21), { as: "technician", key });
    expect(failed.status).toBe(500);
    const body = (await failed.json()) as { error: string; requestId: string };
    expect(body.error).toContain(body.requestId);
    expect(body.error).not.toContain("bucket");
    expect(log).toHaveBeenCalledWith(
      expect.stringContaining(body.requestId),
      expect.objectContaining({ message: "bucket unavailable" }),
    );
    expect(await db().select().from(technicianActions).where(eq(technicianActions.clientKey, key))).toEqual([]);
    const retry = await post(myJobs[2]!, bytesOf(JPEG_37x21), { as: "technician", key });
    expect(retry.status).toBe(201);
  });
});
