/** A titled block of the job screen. */
export function Section({
  id,
  title,
  children,
  testId,
}: {
  id: string;
  title: string;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <section
      aria-labelledby={id}
      className="space-y-2 rounded-xl border border-slate-200 bg-white px-4 py-3 shadow-sm"
      data-testid={testId}
    >
      <h2 id={id} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

export const BUTTON =
  "inline-flex min-h-12 items-center justify-center rounded-lg px-4 text-base font-semibold disabled:opacity-50";
export const PRIMARY = `${BUTTON} bg-sky-700 text-white active:bg-sky-800`;
export const SECONDARY = `${BUTTON} border border-slate-300 bg-white text-slate-800 active:bg-slate-100`;
export const INPUT =
  "block min-h-12 w-full rounded-lg border border-slate-300 bg-white px-3 text-base aria-[invalid=true]:border-rose-500";
export const LABEL = "block text-sm font-medium text-slate-700";
