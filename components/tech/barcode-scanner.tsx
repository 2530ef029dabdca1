"use client";
import { useEffect, useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { SECONDARY } from "./section";

/** The part of the Barcode Detection API used here (Chrome on Android ships it; most others do not). */
interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorClass = new (options?: { formats?: string[] }) => BarcodeDetectorLike;

const FORMATS = ["qr_code", "code_128", "code_39", "data_matrix", "ean_13", "itf"];

export function barcodeDetector(): BarcodeDetectorClass | null {
  if (typeof window === "undefined") return null;
  return (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector ?? null;
}

/** Where the polyfill's decoder is served from (app/vendor/zxing): never a CDN. */
export const ZXING_WASM_URL = "/vendor/zxing/zxing_reader.wasm";

/**
 * The browser's BarcodeDetector, or the ZXing WebAssembly polyfill for the phones that lack it
 * (iOS Safari, Firefox), loaded only when a scan starts.
 */
async function loadBarcodeDetector(): Promise<BarcodeDetectorClass | null> {
  const native = barcodeDetector();
  if (native) return native;
  try {
    const { BarcodeDetector, prepareZXingModule } = await import("barcode-detector/ponyfill");
    prepareZXingModule({
      overrides: {
        locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? ZXING_WASM_URL : prefix + path),
      },
    });
    return BarcodeDetector as unknown as BarcodeDetectorClass;
  } catch {
    return null;
  }
}

/**
 * The rear camera, read a few times a second until a code is found. Without a decoder (native
 * or polyfill) or camera access it closes at once with a sentence saying why; typing stays
 * available.
 */
export function BarcodeScanner({
  onResult,
  onClose,
}: {
  onResult: (text: string) => void;
  onClose: (note: string | null) => void;
}) {
  const t = useTranslations("techApp.equipment");
  const video = useRef<HTMLVideoElement>(null);
  const [ready, setReady] = useState(false);
  const results = useRef({ onResult, onClose, t });
  useEffect(() => {
    results.current = { onResult, onClose, t };
  });

  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    let detector: BarcodeDetectorLike | null = null;
    async function tick() {
      if (stopped || !video.current || !detector) return;
      try {
        const codes = await detector.detect(video.current);
        const text = codes.map((c) => c.rawValue).find((v) => v.trim() !== "");
        if (text && !stopped) {
          results.current.onResult(text);
          return;
        }
      } catch {
        /* a frame that was not ready */
      }
      // tick catches what can fail in it, so the next frame's read is left to run on its own.
      timer = setTimeout(() => void tick(), 250);
    }
    void loadBarcodeDetector().then((Detector) => {
      if (stopped) return;
      if (!Detector || !navigator.mediaDevices?.getUserMedia) {
        results.current.onClose(results.current.t("scanUnsupported"));
        return;
      }
      detector = new Detector({ formats: FORMATS });
      // startCamera ends in its own catch (the camera refused or absent closes the scanner).
      void startCamera();
    });
    const startCamera = () =>
      navigator.mediaDevices
        .getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(async (media) => {
          if (stopped) {
            media.getTracks().forEach((track) => track.stop());
            return;
          }
          stream = media;
          if (!video.current) return;
          video.current.srcObject = media;
          await video.current.play();
          setReady(true);
          void tick();
        })
        .catch(() => results.current.onClose(results.current.t("cameraDenied")));
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  return (
    <div
      className="space-y-2 rounded-lg border border-slate-300 bg-slate-900 p-2"
      role="dialog"
      aria-label={t("scanTitle")}
    >
      <video ref={video} className="aspect-video w-full rounded bg-black object-cover" muted playsInline aria-hidden />
      <p className="text-center text-sm text-white" role="status">
        {ready ? t("scanAim") : t("scanStarting")}
      </p>
      <button type="button" className={`${SECONDARY} w-full`} onClick={() => onClose(null)}>
        {t("scanCancel")}
      </button>
    </div>
  );
}
