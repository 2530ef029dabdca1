/**
 * An expired tracking link answers 410 Gone, as the issue asks of the public page: an App
 * Router page cannot choose its status code, so server/main.ts asks this handler first. Only
 * expired links are answered here (a small page in the customer's language); active and
 * unknown tokens go on to Next, which renders the live page or its 404.
 */
import type http from "node:http";
import type { Runtime } from "../runtime";
import { messagesFor } from "../../i18n/catalog";
import { readTrackingLink } from "../services/tracking/read-link";

const TRACK_PATH = /^\/track\/([^/?#]+)\/?$/;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function goneTrackingPage(language: "fr" | "en"): string {
  const texts = (messagesFor(language).tracking ?? {}) as { page?: { expiredTitle?: string; expiredBody?: string } };
  const title = texts.page?.expiredTitle ?? (language === "fr" ? "Ce lien a expiré" : "This link has expired");
  const body = texts.page?.expiredBody ?? "";
  return (
    `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title>` +
    `<style>body{font-family:system-ui,sans-serif;margin:0;background:#f8fafc;color:#0f172a}main{max-width:28rem;margin:4rem auto;padding:1.5rem;background:#fff;border:1px solid #e2e8f0;border-radius:.75rem}h1{font-size:1.25rem;margin:0 0 .5rem}p{color:#475569}</style></head>` +
    `<body><main data-testid="tracking-expired"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p></main></body></html>`
  );
}

export function createTrackingGoneHandler(runtime: Runtime) {
  return {
    /** Resolves true when it answered (an expired link), false to let Next answer. */
    async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      const match = TRACK_PATH.exec((req.url ?? "").split("?")[0] ?? "");
      if (!match) return false;
      let token: string;
      try {
        token = decodeURIComponent(match[1]!);
      } catch {
        return false;
      }
      const found = await readTrackingLink(runtime.database.db, token, new Date());
      if (found.kind !== "expired") return false;
      const url = new URL(req.url ?? "/", "http://localhost");
      const asked = url.searchParams.get("lang");
      const html = goneTrackingPage(asked === "fr" || asked === "en" ? asked : found.language);
      res.writeHead(410, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "referrer-policy": "no-referrer",
      });
      res.end(req.method === "HEAD" ? undefined : html);
      return true;
    },
  };
}
