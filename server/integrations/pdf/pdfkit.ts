/**
 * pdfkit, loaded at the first PDF rendered rather than with the process: with its fonts and
 * layout engine it is some 20 MB of RSS, which a process that renders no invoice (the collab
 * server, most requests) should not carry. One import per process; a failed import is tried
 * again at the next render.
 */
import type PDFKit from "pdfkit";
import { lazyImport } from "../lazy-import";

export type PdfDocumentClass = typeof PDFKit;

/** pdfkit could not be loaded (a broken install): no document was rendered. */
export class PdfRendererUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`pdfkit could not be loaded, so no PDF can be rendered: ${String((cause as Error)?.message ?? cause)}`, {
      cause,
    });
    this.name = "PdfRendererUnavailableError";
  }
}

export const loadPdfKit = lazyImport(
  (): Promise<{ default: PdfDocumentClass }> => import("pdfkit"),
  (module) => module.default,
  (error) => new PdfRendererUnavailableError(error),
);
