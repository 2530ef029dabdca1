/**
 * The GPS benchmark's baseline: a bare HTTP + ws server that takes the same OsmAnd GET,
 * builds the same position message and broadcasts it to every WebSocket client. No
 * authentication, no validation beyond parsing, no storage: the floor of the job.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

const clients = new Set<WebSocket>();
const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname !== "/api/gps/osmand") return void res.writeHead(404).end();
  const p = url.searchParams;
  const timestamp = Number(p.get("timestamp"));
  const event = JSON.stringify({
    technicianId: Number(p.get("id")?.replace(/\D/g, "")),
    deviceId: 0,
    source: "osmand",
    lat: Number(p.get("lat")),
    lng: Number(p.get("lon")),
    // Seconds or milliseconds, as the product's parseFixTimestamp reads them.
    fixTime: new Date(timestamp > 1e11 ? timestamp : timestamp * 1000).toISOString(),
    speedKmh: Number(p.get("speed")) * 1.852,
    heading: Number(p.get("bearing")),
    accuracyM: null,
  });
  for (const client of clients) client.send(event);
  res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true,"stored":true}');
});
const wss = new WebSocketServer({ server, path: "/ws" });
wss.on("connection", (socket) => {
  clients.add(socket);
  socket.on("close", () => clients.delete(socket));
});
server.listen(0, "127.0.0.1", () => {
  process.send?.({ type: "ready", port: (server.address() as AddressInfo).port });
});
process.on("SIGTERM", () => process.exit(0));
