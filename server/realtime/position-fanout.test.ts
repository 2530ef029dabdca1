import { describe, expect, it } from "vitest";
import type { TechnicianPositionEvent } from "../services/gps/gps-events";
import { createPositionFanout } from "./position-fanout";

/** What a flush asked Socket.IO to send: rooms, excluded rooms, event name and positions. */
interface Emitted {
  to: string[];
  except: string[];
  event: string;
  positions: Array<[number, string]>;
}

interface Operator {
  to(room: string): Operator;
  except(room: string): Operator;
  emit(event: string, positions: TechnicianPositionEvent[]): boolean;
}

function fakeIo() {
  const emitted: Emitted[] = [];
  const operator = (to: string[], except: string[]): Operator => ({
    to: (room: string) => operator([...to, room], except),
    except: (room: string) => operator(to, [...except, room]),
    emit: (event: string, positions: TechnicianPositionEvent[]) => {
      emitted.push({ to, except, event, positions: positions.map((p) => [p.technicianId, p.fixTime]) });
      return true;
    },
  });
  return { io: { to: (room: string) => operator([room], []) }, emitted };
}

// 15:00Z is 10:00 in Quebec on 2026-11-23; 05:30Z on the 24th is still the 24th's 00:30.
const at = (iso: string) => new Date(iso).toISOString();
const position = (technicianId: number, fixTime: string): TechnicianPositionEvent => ({
  technicianId,
  deviceId: technicianId * 10,
  source: "osmand",
  lat: 45.5,
  lng: -73.6,
  fixTime: at(fixTime),
  speedKmh: null,
  heading: null,
  accuracyM: null,
});

describe("createPositionFanout", () => {
  it("sends each board day one frame with every technician's newest position, and each technician's room its own", () => {
    const { io, emitted } = fakeIo();
    const fanout = createPositionFanout(io as never);
    expect(fanout.offer(position(1, "2026-11-23T15:00:00Z"))).toBe("waiting");
    expect(fanout.offer(position(1, "2026-11-23T15:00:01Z"))).toBe("superseded");
    expect(fanout.offer(position(1, "2026-11-23T14:59:59Z"))).toBe("stale");
    fanout.offer(position(2, "2026-11-23T15:00:00.500Z"));
    fanout.offer(position(3, "2026-11-24T05:30:00Z"));
    fanout.flush();
    fanout.stop();

    expect(emitted).toEqual([
      {
        to: ["board:2026-11-23"],
        except: [],
        event: "positions",
        positions: [
          [1, at("2026-11-23T15:00:01Z")],
          [2, at("2026-11-23T15:00:00.500Z")],
        ],
      },
      {
        to: ["tech:1"],
        except: ["board:2026-11-23"],
        event: "positions",
        positions: [[1, at("2026-11-23T15:00:01Z")]],
      },
      {
        to: ["tech:2"],
        except: ["board:2026-11-23"],
        event: "positions",
        positions: [[2, at("2026-11-23T15:00:00.500Z")]],
      },
      // Alone on its day: one emit to the board's room and the technician's.
      {
        to: ["board:2026-11-24", "tech:3"],
        except: [],
        event: "positions",
        positions: [[3, at("2026-11-24T05:30:00Z")]],
      },
    ]);
  });

  it("flushes by itself on the next turn of the event loop, once for what arrived together, and never sends a position again", async () => {
    const { io, emitted } = fakeIo();
    const fanout = createPositionFanout(io as never);
    fanout.offer(position(1, "2026-11-23T15:00:00Z"));
    fanout.offer(position(1, "2026-11-23T15:00:02Z"));
    expect(emitted).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(emitted).toEqual([
      {
        to: ["board:2026-11-23", "tech:1"],
        except: [],
        event: "positions",
        positions: [[1, at("2026-11-23T15:00:02Z")]],
      },
    ]);

    // The same fix again (another source, a resend) or an older one: nothing to send, nothing scheduled.
    expect(fanout.offer(position(1, "2026-11-23T15:00:02Z"))).toBe("stale");
    expect(fanout.offer(position(1, "2026-11-23T15:00:01Z"))).toBe("stale");
    await new Promise((resolve) => setImmediate(resolve));
    expect(emitted).toHaveLength(1);
    fanout.stop();
  });
});
