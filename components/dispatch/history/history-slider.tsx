"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";

/**
 * The history page's time slider: a GET form that works without JavaScript (the button), and
 * with it, shows the moment under the thumb and opens it when the thumb is released. Native
 * range keys apply: arrows one step (a minute), Page Up/Down ten.
 */
export function HistorySlider({
  date,
  first,
  last,
  value,
  labels,
  timeZone,
  locale,
}: {
  date: string;
  first: number;
  last: number;
  value: number;
  labels: { instant: string; show: string; hint: string };
  timeZone: string;
  locale: string;
}) {
  const router = useRouter();
  const id = useId();
  const [chosen, setChosen] = useState(value);
  const shown = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: "short", timeStyle: "medium" }).format(chosen);
  const open = (t: number) => router.replace(`/dispatch/history?date=${date}&t=${t}`, { scroll: false });
  return (
    <form action="/dispatch/history" method="get" className="space-y-2 rounded-lg border border-slate-200 bg-white p-3">
      <input type="hidden" name="date" value={date} />
      <label htmlFor={id} className="block text-sm font-medium">
        {labels.instant}: <output data-testid="history-instant">{shown}</output>
      </label>
      <input
        id={id}
        name="t"
        type="range"
        min={first}
        max={last}
        step={60_000}
        value={chosen}
        aria-describedby={`${id}-hint`}
        aria-valuetext={shown}
        className="w-full"
        onChange={(event) => setChosen(Number(event.target.value))}
        onPointerUp={() => open(chosen)}
        onKeyUp={(event) => {
          if (
            ["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "PageUp", "PageDown", "Home", "End"].includes(event.key)
          )
            open(chosen);
        }}
      />
      <p id={`${id}-hint`} className="text-xs text-slate-500">
        {labels.hint}
      </p>
      <button type="submit" className="rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100">
        {labels.show}
      </button>
    </form>
  );
}
