import type { AttachmentView } from "@/lib/schemas/ticket-desk";

type Label = (key: string, params?: Record<string, string | number>) => string;

const sizeOf = (bytes: number, locale: string) =>
  bytes >= 1024 * 1024
    ? `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * A message's files, in the office's thread and the portal's: photos as thumbnails that open the
 * full image, other files (an email's attachments) as download links with their size. Every link
 * is the download route, which checks who asks.
 */
export function MessageAttachments({
  attachments,
  locale,
  t,
}: {
  attachments: AttachmentView[];
  locale: string;
  t: Label;
}) {
  if (attachments.length === 0) return null;
  return (
    <ul
      className="mt-2 flex flex-wrap items-end gap-2"
      aria-label={t("ticketAttachments.list", { count: attachments.length })}
      data-testid="message-attachments"
    >
      {attachments.map((a) => (
        <li key={a.id} data-testid="message-attachment">
          {a.image ? (
            <a
              href={a.url}
              target="_blank"
              rel="noopener"
              title={a.fileName}
              className="block rounded border border-slate-200 bg-white focus:outline focus:outline-2 focus:outline-sky-600"
            >
              <img
                src={a.url}
                alt={t("ticketAttachments.photo", { name: a.fileName })}
                loading="lazy"
                className="h-24 w-24 rounded object-cover"
              />
            </a>
          ) : (
            <a href={a.url} className="break-all text-sky-800 underline">
              {t("ticketAttachments.file", { name: a.fileName, size: sizeOf(a.bytes, locale) })}
            </a>
          )}
        </li>
      ))}
    </ul>
  );
}
