/** An accessible progress bar: screen readers get the numbers, not only the colour. */
export function ProgressBar({
  done,
  total,
  label,
  text,
  tone = "sky",
}: {
  done: number;
  total: number;
  label: string;
  text: string;
  tone?: "sky" | "rose" | "emerald";
}) {
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 100;
  const fill = { sky: "bg-sky-600", rose: "bg-rose-500", emerald: "bg-emerald-600" }[tone];
  return (
    <div className="space-y-1">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={Math.min(done, total)}
        aria-valuetext={text}
        className="h-3 w-full overflow-hidden rounded bg-slate-200"
      >
        <div className={`h-full ${fill} transition-[width] duration-500`} style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm text-slate-700">
        {text} <span className="text-slate-500">({percent} %)</span>
      </p>
    </div>
  );
}
