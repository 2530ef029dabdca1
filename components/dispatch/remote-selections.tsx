import type { RemotePresence } from "./board-session";

/** Other dispatchers' selections: an outline in their colour, labelled with their name. */
export function RemoteSelections({ people, label }: { people: RemotePresence[]; label: (name: string) => string }) {
  return (
    <>
      {people.map((person, index) => (
        <span
          key={person.clientId}
          data-testid="remote-selection"
          data-user-id={person.user.id}
          title={label(person.user.name)}
          className="pointer-events-none absolute rounded border-2"
          style={{ borderColor: person.user.color, inset: `${-3 - index * 3}px` }}
        >
          <span
            className="absolute -top-4 left-0 whitespace-nowrap rounded-t px-1 text-[10px] leading-4 text-white"
            style={{ backgroundColor: person.user.color }}
          >
            {person.user.name}
          </span>
        </span>
      ))}
    </>
  );
}
