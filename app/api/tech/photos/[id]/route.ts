import { z } from "zod";
import { idParam, withStaff } from "@/server/web/route-handler";
import { photoForReader } from "@/server/services/tech/photos";
import { EXTENSION_OF, isImageType } from "@/lib/domain/media/image";

/**
 * A job photo, to the job's technicians ("tech.work", scoped by the service) and the board's
 * staff ("jobs.files.read"). Other roles are refused before any lookup, so they learn nothing
 * about which ids exist.
 */
export const GET = withStaff(
  ["jobs.files.read", "tech.work"],
  {
    params: z.object({ id: idParam }),
    headers: { "cache-control": "private, no-store" },
  },
  async ({ deps, staff, params: { id } }) => {
    const photo = await photoForReader(deps, staff, id);
    const extension = isImageType(photo.contentType) ? EXTENSION_OF[photo.contentType] : "bin";
    return new Response(new Uint8Array(photo.bytes), {
      status: 200,
      headers: {
        // A photo id never changes content; private, since access can be withdrawn.
        "cache-control": "private, max-age=86400",
        "content-type": photo.contentType,
        "content-length": String(photo.bytes.length),
        "content-disposition": `inline; filename="photo-${photo.id}.${extension}"`,
        "x-content-type-options": "nosniff",
      },
    });
  },
);
