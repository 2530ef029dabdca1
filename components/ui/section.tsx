export function Section({
  title,
  aside,
  children,
  testId,
}: {
  title: string;
  aside?: React.ReactNode;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white" data-testid={testId}>
      <header className="flex items-baseline justify-between border-b border-slate-100 px-4 py-2">
        <h2 className="font-medium">{title}</h2>
        {aside && <span className="text-xs text-slate-500">{aside}</span>}
      </header>
      <div className="overflow-x-auto">{children}</div>
    </section>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="px-4 py-3 text-sm text-slate-500">{children}</p>;
}

export function Table({ head, children }: { head: React.ReactNode[]; children: React.ReactNode }) {
  return (
    <table className="w-full text-sm">
      <thead className="bg-slate-50 text-left text-slate-600">
        <tr>
          {head.map((h, i) => (
            <th key={i} className="px-3 py-1.5 font-medium">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="[&>tr]:border-t [&>tr]:border-slate-100 [&_td]:px-3 [&_td]:py-1.5">{children}</tbody>
    </table>
  );
}
