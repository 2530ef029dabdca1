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
  except(room: string | string[]): Operator;
  emit(event: string, positions: TechnicianPositionEvent[]): boolean;
}

function fakeIo() {
  const emitted: Emitted[] = [];
  const operator = (to: string[], except: string[]): Operator => ({
    to: (room: string) => operator([...to, room], except),
    except: (room: string | string[]) => operator(to, [...except, ...[room].flat()]),
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

  it("keeps flushes apart while fixes keep coming: what comes soon after a flush waits and leaves together", async () => {
    const { io, emitted } = fakeIo();
    const spacingMs = 30;
    const fanout = createPositionFanout(io as never, undefined, spacingMs);
    const sentAt: number[] = [];
    const flushed = async () => {
      const before = emitted.length;
      while (emitted.length === before) await new Promise((resolve) => setTimeout(resolve, 1));
      sentAt.push(performance.now());
    };
    // After a quiet moment, a fix leaves on the next turn.
    const start = performance.now();
    fanout.offer(position(1, "2026-11-23T15:00:00Z"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(emitted).toHaveLength(1);
    sentAt.push(performance.now());
    // Two more, from two technicians, right after: they wait for the spacing and leave in one frame.
    fanout.offer(position(2, "2026-11-23T15:00:00Z"));
    await new Promise((resolve) => setImmediate(resolve));
    fanout.offer(position(3, "2026-11-23T15:00:00Z"));
    expect(emitted).toHaveLength(1);
    await flushed();
    // One frame to the board's room with both, then each technician's own room.
    expect(emitted.slice(1).map((e) => e.to)).toEqual([["board:2026-11-23"], ["tech:2"], ["tech:3"]]);
    expect(emitted[1]!.positions).toEqual([
      [2, at("2026-11-23T15:00:00Z")],
      [3, at("2026-11-23T15:00:00Z")],
    ]);
    expect(sentAt[1]! - start).toBeGreaterThanOrEqual(spacingMs - 1);
    fanout.stop();
  });

  it("sends nothing after stop, even a flush that was waiting for its spacing", async () => {
    const { io, emitted } = fakeIo();
    const fanout = createPositionFanout(io as never, undefined, 20);
    fanout.offer(position(1, "2026-11-23T15:00:00Z"));
    await new Promise((resolve) => setImmediate(resolve));
    fanout.offer(position(2, "2026-11-23T15:00:00Z"));
    fanout.stop();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(emitted).toHaveLength(1);
  });
});

/** Rooms of sockets, each with a backlog the test sets: what the fan-out sees of Socket.IO's sockets. */
function fakeMembers(rooms: Record<string, string[]>) {
  const backlog = new Map<string, number | null>();
  const sent: Array<{ socket: string; positions: Array<[number, string]> }> = [];
  return {
    backlog,
    sent,
    members: {
      local: (room: string) => rooms[room],
      onlyLocal: true,
      backlog: (id: string) => (backlog.has(id) ? backlog.get(id)! : 0),
      send: (socket: string, positions: TechnicianPositionEvent[]) =>
        sent.push({ socket, positions: positions.map((p) => [p.technicianId, p.fixTime]) }),
    },
  };
}

describe("createPositionFanout with slow dispatchers", () => {
  it("leaves a socket with frames waiting out of the room's emits and sends it only the newest positions once it drains", () => {
    const { io, emitted } = fakeIo();
    const { members, backlog, sent } = fakeMembers({ "board:2026-11-23": ["fast", "slow"], "tech:1": ["phone"] });
    const fanout = createPositionFanout(io as never, members);
    backlog.set("slow", 3);
    for (let second = 0; second < 30; second++) {
      fanout.offer(position(1, `2026-11-23T15:00:${String(second).padStart(2, "0")}Z`));
      fanout.offer(position(2, `2026-11-23T15:00:${String(second).padStart(2, "0")}.500Z`));
      fanout.flush();
    }
    // Thirty flushes reached the fast dispatcher; the slow one got nothing queued meanwhile.
    const boardEmits = emitted.filter((e) => e.to[0] === "board:2026-11-23");
    expect(boardEmits).toHaveLength(30);
    expect(boardEmits.every((e) => e.except.join() === "slow")).toBe(true);
    expect(sent).toEqual([]);
    expect(fanout.held).toBe(1);

    // Drained: one frame with each technician's newest position, nothing older, then it rejoins the room's emits.
    backlog.set("slow", 0);
    fanout.offer(position(1, "2026-11-23T15:00:31Z"));
    fanout.flush();
    expect(sent).toEqual([
      {
        socket: "slow",
        positions: [
          [1, at("2026-11-23T15:00:31Z")],
          [2, at("2026-11-23T15:00:29.500Z")],
        ],
      },
    ]);
    expect(fanout.held).toBe(0);
    fanout.offer(position(1, "2026-11-23T15:00:32Z"));
    fanout.flush();
    expect(emitted.at(-1)).toEqual({
      to: ["board:2026-11-23", "tech:1"],
      except: [],
      event: "positions",
      positions: [[1, at("2026-11-23T15:00:32Z")]],
    });
    fanout.stop();
  });

  it("sends held positions by itself once the socket drains, and forgets a socket that closed", async () => {
    const { io } = fakeIo();
    const { members, backlog, sent } = fakeMembers({ "board:2026-11-23": ["slow", "gone"] });
    const fanout = createPositionFanout(io as never, members);
    backlog.set("slow", 1);
    backlog.set("gone", 1);
    fanout.offer(position(1, "2026-11-23T15:00:00Z"));
    fanout.flush();
    expect(fanout.held).toBe(2);
    backlog.set("slow", 0);
    backlog.set("gone", null);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(sent).toEqual([{ socket: "slow", positions: [[1, at("2026-11-23T15:00:00Z")]] }]);
    expect(fanout.held).toBe(0);
    fanout.stop();
  });

  it("skips a technician's room nobody is in when the rooms are only this process's", () => {
    const { io, emitted } = fakeIo();
    const { members } = fakeMembers({ "board:2026-11-23": ["dispatcher"], "tech:2": ["phone"] });
    const fanout = createPositionFanout(io as never, members);
    fanout.offer(position(1, "2026-11-23T15:00:00Z"));
    fanout.offer(position(2, "2026-11-23T15:00:00Z"));
    fanout.flush();
    expect(emitted.map((e) => e.to)).toEqual([["board:2026-11-23"], ["tech:2"]]);
    fanout.stop();
  });
});
