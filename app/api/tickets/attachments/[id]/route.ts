import { z } from "zod";
import { idParam, withSignedIn } from "@/server/web/route-handler";
import { attachmentForReader } from "@/server/services/tickets/ticket-attachments";
import { contentDisposition } from "@/lib/domain/ticket-desk/attachments";

/**
 * A file of a ticket message: to staff who read tickets, any; to a customer, the files of public
 * messages of their own tickets; anything else 404 (staff of other roles 403). A checked image is
 * shown inline; every other file (an email's attachment) is offered as a download, never rendered.
 */
export const GET = withSignedIn(
  {
    params: z.object({ id: idParam }),
    headers: { "cache-control": "private, no-store" },
  },
  async ({ deps, staff, customer, params: { id } }) => {
    const file = await attachmentForReader(deps, { staff, customer }, id);
    return new Response(new Uint8Array(file.bytes), {
      status: 200,
      headers: {
        // A file id never changes content; private, since access can be withdrawn.
        "cache-control": "private, max-age=86400",
        "content-type": file.contentType,
        "content-length": String(file.bytes.length),
        "content-disposition": contentDisposition(file.inline ? "inline" : "attachment", file.fileName),
        "x-content-type-options": "nosniff",
        "content-security-policy": "default-src 'none'; sandbox",
      },
    });
  },
);
