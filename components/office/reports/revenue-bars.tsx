import { formatMoney } from "@/components/ui/format";

export interface RevenueBar {
  key: string;
  label: string;
  cents: number;
}

const ROW = 28;
const LABEL_WIDTH = 190;
const BAR_WIDTH = 420;
const VALUE_WIDTH = 110;

/**
 * Horizontal bars as inline SVG: no chart package, readable by screen readers (role="img" with
 * a title and a description, and each bar's figure written beside it), and the table below the
 * chart holds the same numbers for anyone who prefers them.
 */
export function RevenueBars({
  id,
  title,
  description,
  bars,
  locale,
  tone,
}: {
  id: string;
  title: string;
  description: string;
  bars: RevenueBar[];
  locale: string;
  tone: "sky" | "emerald";
}) {
  const max = Math.max(1, ...bars.map((b) => b.cents));
  const height = bars.length * ROW + 8;
  const fill = tone === "sky" ? "#0369a1" : "#047857";
  return (
    <figure className="overflow-x-auto">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        width={LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH}
        height={height}
        className="text-sm"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {bars.map((bar, i) => {
          const y = i * ROW + 4;
          const width = Math.max(bar.cents > 0 ? 2 : 0, Math.round((bar.cents / max) * BAR_WIDTH));
          return (
            <g key={bar.key}>
              <text x={LABEL_WIDTH - 8} y={y + ROW / 2} textAnchor="end" dominantBaseline="middle" fill="#334155">
                {bar.label}
              </text>
              <rect x={LABEL_WIDTH} y={y + 4} width={width} height={ROW - 8} rx={3} fill={fill} />
              <text x={LABEL_WIDTH + width + 6} y={y + ROW / 2} dominantBaseline="middle" fill="#0f172a">
                {formatMoney(bar.cents, locale)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="sr-only">{title}</figcaption>
    </figure>
  );
}
