import Link from "next/link";

/** The 403 and 404 pages: a big code, a title, one sentence and the way out. */
export function StatusPage({
  code,
  title,
  body,
  action,
  testId,
  fullHeight,
}: {
  code: number;
  title: string;
  body: string;
  action: string;
  testId: string;
  fullHeight?: boolean;
}) {
  return (
    <main
      className={`mx-auto flex max-w-md flex-col justify-center gap-3 px-4 text-center ${fullHeight ? "min-h-screen" : "min-h-[60vh]"}`}
    >
      <p className="text-5xl font-bold text-slate-300">{code}</p>
      <h1 className="text-xl font-semibold" data-testid={testId}>
        {title}
      </h1>
      <p className="text-slate-600">{body}</p>
      <Link href="/" className="text-sky-700 hover:underline">
        {action}
      </Link>
    </main>
  );
}
