"use client";
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef } from "react";
import { MAX_SIGNATURE_DATA_URL_CHARS } from "@/lib/schemas/tech";

export interface SignaturePadHandle {
  clear(): void;
  /** The drawing as a PNG data URL, or null when nothing was drawn. */
  toPng(): string | null;
}

/** A finger (or pen, or mouse) signature on a canvas, drawn at the screen's pixel density. */
export const SignaturePad = forwardRef<SignaturePadHandle, { label: string; onInk: (inked: boolean) => void }>(
  function SignaturePad({ label, onInk }, ref) {
    const canvas = useRef<HTMLCanvasElement>(null);
    const inked = useRef(false);
    const last = useRef<{ x: number; y: number } | null>(null);

    const setup = useCallback(() => {
      const element = canvas.current;
      if (!element) return;
      const ratio = Math.min(window.devicePixelRatio || 1, 2);
      element.width = Math.round(element.clientWidth * ratio);
      element.height = Math.round(element.clientHeight * ratio);
      const context = element.getContext("2d")!;
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.lineWidth = 2.5;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#0f172a";
      inked.current = false;
      onInk(false);
    }, [onInk]);

    useEffect(() => {
      setup();
      // A rotated phone resizes the pad; a half signature stretched would mean nothing anyway.
      const resized = () => setup();
      window.addEventListener("orientationchange", resized);
      return () => window.removeEventListener("orientationchange", resized);
    }, [setup]);

    useImperativeHandle(
      ref,
      () => ({
        clear: setup,
        toPng() {
          const element = canvas.current;
          if (!element || !inked.current) return null;
          const png = element.toDataURL("image/png");
          if (png.length <= MAX_SIGNATURE_DATA_URL_CHARS) return png;
          // A dense drawing on a high-density screen: the same at screen pixels is a quarter of it.
          const small = document.createElement("canvas");
          small.width = element.clientWidth;
          small.height = element.clientHeight;
          small.getContext("2d")!.drawImage(element, 0, 0, small.width, small.height);
          return small.toDataURL("image/png");
        },
      }),
      [setup],
    );

    const point = (event: React.PointerEvent<HTMLCanvasElement>) => {
      const box = event.currentTarget.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    };

    return (
      <canvas
        ref={canvas}
        role="img"
        aria-label={label}
        data-testid="signature-pad"
        className="h-44 w-full touch-none rounded-lg border-2 border-dashed border-slate-300 bg-white"
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          last.current = point(event);
          const context = event.currentTarget.getContext("2d")!;
          context.beginPath();
          context.arc(last.current.x, last.current.y, 1, 0, Math.PI * 2);
          context.fillStyle = "#0f172a";
          context.fill();
        }}
        onPointerMove={(event) => {
          if (!last.current) return;
          const next = point(event);
          const context = event.currentTarget.getContext("2d")!;
          context.beginPath();
          context.moveTo(last.current.x, last.current.y);
          context.lineTo(next.x, next.y);
          context.stroke();
          last.current = next;
          if (!inked.current) {
            inked.current = true;
            onInk(true);
          }
        }}
        onPointerUp={() => {
          last.current = null;
        }}
        onPointerCancel={() => {
          last.current = null;
        }}
      />
    );
  },
);
