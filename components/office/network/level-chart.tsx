/**
 * A small line graph of values over time (receive level, new errors), drawn as SVG on the server:
 * no chart library, readable by a screen reader through its table twin on the page.
 */
export interface ChartPoint {
  at: Date;
  value: number;
}

const WIDTH = 560;
const HEIGHT = 140;
const PAD = 28;

export function LevelChart({
  points,
  label,
  bands,
  format,
}: {
  points: ChartPoint[];
  label: string;
  /** Horizontal reference lines (thresholds), drawn dashed. */
  bands?: { value: number; tone: "amber" | "rose" }[];
  format: (value: number) => string;
}) {
  const sorted = [...points].sort((a, b) => a.at.getTime() - b.at.getTime());
  const values = [...sorted.map((p) => p.value), ...(bands ?? []).map((b) => b.value)];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const t0 = sorted[0]!.at.getTime();
  const tSpan = sorted.at(-1)!.at.getTime() - t0 || 1;
  const x = (at: Date) => PAD + ((at.getTime() - t0) / tSpan) * (WIDTH - 2 * PAD);
  const y = (value: number) => HEIGHT - PAD / 2 - ((value - min) / span) * (HEIGHT - PAD);
  const path = sorted.map((p, i) => `${i === 0 ? "M" : "L"}${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ");
  return (
    <figure className="px-4 py-3">
      <figcaption className="mb-1 text-xs text-slate-500">{label}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="h-36 w-full max-w-xl" role="img" aria-label={label}>
        {(bands ?? []).map((band) => (
          <g key={`${band.tone}-${band.value}`}>
            <line
              x1={PAD}
              x2={WIDTH - PAD}
              y1={y(band.value)}
              y2={y(band.value)}
              strokeDasharray="4 4"
              className={band.tone === "rose" ? "stroke-rose-400" : "stroke-amber-400"}
            />
            <text x={2} y={y(band.value) + 4} className="fill-slate-500 text-[10px]">
              {format(band.value)}
            </text>
          </g>
        ))}
        <path d={path} fill="none" strokeWidth={2} className="stroke-sky-700" />
        {sorted.map((p) => (
          <circle key={p.at.getTime()} cx={x(p.at)} cy={y(p.value)} r={3} className="fill-sky-700">
            <title>{format(p.value)}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}
