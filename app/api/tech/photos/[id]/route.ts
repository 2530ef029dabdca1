import { getRuntime } from "@/server/runtime";
import { createContext } from "@/server/trpc/context";
import { NotFoundError, RecordAccessError } from "@/server/services/errors";
import { photoForReader } from "@/server/services/tech/photos";
import { EXTENSION_OF, isImageType } from "@/lib/domain/media/image";

const headers = { "cache-control": "private, no-store" };

/** A job photo, to the job's technicians and the board's staff (admin, dispatcher, support). */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const runtime = await getRuntime();
  const ctx = await createContext(runtime, req.headers);
  if (!ctx.staff) return Response.json({ error: ctx.customer ? "Staff only" : "Sign in as staff first" }, { status: ctx.customer ? 403 : 401, headers });
  const { id } = await params;
  const photoId = /^\d{1,10}$/.test(id) ? Number(id) : NaN;
  try {
    const photo = await photoForReader(ctx, ctx.staff, photoId);
    const extension = isImageType(photo.contentType) ? EXTENSION_OF[photo.contentType] : "bin";
    return new Response(new Uint8Array(photo.bytes), {
      status: 200,
      headers: {
        // A photo id never changes content; private, since access can be withdrawn.
        "cache-control": "private, max-age=86400",
        "content-type": photo.contentType, "content-length": String(photo.bytes.length),
        "content-disposition": `inline; filename="photo-${photo.id}.${extension}"`,
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    if (error instanceof NotFoundError) return Response.json({ error: "No such photo" }, { status: 404, headers });
    if (error instanceof RecordAccessError) return Response.json({ error: error.message }, { status: 403, headers });
    throw error;
  }
}
