import { highlightParts } from "@/lib/domain/ticket-search";

/** A search snippet with its hits in <mark>: the text stays text (message bodies come from customers). */
export function HighlightedText({ value }: { value: string }) {
  return (
    <>
      {highlightParts(value).map((part, i) =>
        part.hit ? (
          <mark key={i} className="rounded-sm bg-yellow-200 px-0.5 text-slate-900">
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </>
  );
}
