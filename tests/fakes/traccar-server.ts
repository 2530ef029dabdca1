/**
 * A local stand-in for Traccar speaking its real shapes: POST /api/session (form-encoded
 * email/password → JSESSIONID cookie and the user JSON), GET /api/devices and /api/positions
 * (cookie required, 401 otherwise), and the /api/socket WebSocket pushing `{ positions }`.
 * Tests can make it answer garbage or take it down and bring it back on the same port.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import type { TraccarDevice, TraccarPosition } from "@/server/integrations/traccar/traccar-client";

export interface FakeTraccar {
  baseUrl: string;
  devices: TraccarDevice[];
  /** Latest position per Traccar device id, as /api/positions returns them. */
  latest: Map<number, TraccarPosition>;
  /** `garbage`: every REST answer and socket message is unreadable. */
  mode: "ok" | "garbage";
  push(positions: TraccarPosition[]): void;
  socketCount(): number;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeTraccar(
  credentials = { email: "admin@traccar.test", password: "secret" },
): Promise<FakeTraccar> {
  const sessions = new Set<string>();
  const sockets = new Set<WebSocket>();
  let port = 0;
  let server: http.Server | null = null;
  let wss: WebSocketServer | null = null;

  const cookieOf = (req: http.IncomingMessage) => /JSESSIONID=([^;]+)/.exec(req.headers.cookie ?? "")?.[1] ?? null;
  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(fake.mode === "garbage" ? "<html>502 Bad Gateway" : JSON.stringify(body));
  };

  const fake: FakeTraccar = {
    baseUrl: "",
    devices: [],
    latest: new Map(),
    mode: "ok",
    push(positions) {
      for (const p of positions) {
        const previous = fake.latest.get(p.deviceId);
        if (!previous || Date.parse(previous.fixTime) < Date.parse(p.fixTime)) fake.latest.set(p.deviceId, p);
      }
      const message = fake.mode === "garbage" ? "{not json" : JSON.stringify({ positions });
      for (const socket of sockets) socket.send(message);
    },
    socketCount: () => sockets.size,
    async down() {
      for (const socket of sockets) socket.terminate();
      sockets.clear();
      await new Promise<void>((resolve) => {
        wss?.close();
        server?.closeAllConnections();
        if (server) server.close(() => resolve());
        else resolve();
      });
      server = null;
      wss = null;
    },
    async up() {
      server = http.createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://localhost");
        if (req.method === "POST" && url.pathname === "/api/session") {
          let body = "";
          req.on("data", (chunk: Buffer) => {
            body += chunk.toString("utf8");
            if (body.length > 10_000) req.destroy();
          });
          req.on("end", () => {
            const form = new URLSearchParams(body);
            if (form.get("email") !== credentials.email || form.get("password") !== credentials.password) {
              res.writeHead(401).end();
              return;
            }
            const id = Math.random().toString(36).slice(2);
            sessions.add(id);
            json(
              res,
              200,
              { id: 1, name: "admin", email: credentials.email, administrator: true },
              { "set-cookie": `JSESSIONID=${id}; Path=/; HttpOnly` },
            );
          });
          return;
        }
        const session = cookieOf(req);
        if (!session || !sessions.has(session)) {
          res.writeHead(401).end();
          return;
        }
        if (req.method === "GET" && url.pathname === "/api/devices") return json(res, 200, fake.devices);
        if (req.method === "GET" && url.pathname === "/api/positions") return json(res, 200, [...fake.latest.values()]);
        res.writeHead(404).end();
      });
      wss = new WebSocketServer({ noServer: true });
      server.on("upgrade", (req, socket, head) => {
        const session = cookieOf(req);
        if (
          new URL(req.url ?? "/", "http://localhost").pathname !== "/api/socket" ||
          !session ||
          !sessions.has(session)
        ) {
          socket.end("HTTP/1.1 401 Unauthorized\r\n\r\n");
          return;
        }
        wss!.handleUpgrade(req, socket, head, (ws) => {
          sockets.add(ws);
          ws.on("close", () => sockets.delete(ws));
          ws.send(JSON.stringify({ devices: fake.devices }));
        });
      });
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(port, "127.0.0.1", () => resolve());
      });
      port = (server.address() as AddressInfo).port;
      fake.baseUrl = `http://127.0.0.1:${port}`;
    },
    close: () => fake.down(),
  };
  await fake.up();
  return fake;
}
