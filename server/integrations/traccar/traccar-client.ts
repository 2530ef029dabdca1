/**
 * A client of Traccar's REST API and its /api/socket WebSocket stream, as Traccar 5/6 serve
 * them: a session cookie from POST /api/session (form-encoded email and password), then
 * /api/devices, /api/positions and the socket, which pushes `{ positions: [...] }`,
 * `{ devices: [...] }` and `{ events: [...] }`. Answers are validated: a Traccar that answers
 * garbage is an error, never a wrong marker.
 */
import WebSocket from "ws";
import { z } from "zod";

export const traccarDeviceSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  uniqueId: z.string(),
  status: z.string().optional(),
  lastUpdate: z.string().nullable().optional(),
});

export const traccarPositionSchema = z.object({
  id: z.number().int(),
  deviceId: z.number().int(),
  fixTime: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  /** Knots, as everywhere in Traccar. */
  speed: z.number().optional().default(0),
  course: z.number().optional().default(0),
  altitude: z.number().optional().default(0),
  accuracy: z.number().optional().default(0),
  valid: z.boolean().optional().default(true),
  attributes: z.record(z.string(), z.unknown()).optional().default({}),
});

export type TraccarDevice = z.infer<typeof traccarDeviceSchema>;
export type TraccarPosition = z.infer<typeof traccarPositionSchema>;

const socketMessageSchema = z.object({
  positions: z.array(traccarPositionSchema).optional(),
  devices: z.array(traccarDeviceSchema).optional(),
  events: z.array(z.unknown()).optional(),
});

export interface TraccarClientOptions {
  baseUrl: string;
  email: string;
  password: string;
  /** Per-request timeout; a Traccar that hangs is as down as one that refuses. */
  timeoutMs?: number;
}

export class TraccarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TraccarError";
  }
}

export class TraccarClient {
  private cookie: string | null = null;
  private readonly baseUrl: string;

  constructor(private readonly options: TraccarClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/$/, "");
  }

  async login(): Promise<void> {
    const response = await this.fetch(
      "/api/session",
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email: this.options.email, password: this.options.password }).toString(),
      },
      false,
    );
    const cookie = response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .find((c) => c?.startsWith("JSESSIONID="));
    if (!cookie) throw new TraccarError("Traccar accepted the session request but set no JSESSIONID cookie");
    this.cookie = cookie;
  }

  async devices(): Promise<TraccarDevice[]> {
    return this.getJson("/api/devices", z.array(traccarDeviceSchema));
  }

  /** The latest position of every device (Traccar's default for /api/positions without a range). */
  async positions(): Promise<TraccarPosition[]> {
    return this.getJson("/api/positions", z.array(traccarPositionSchema));
  }

  /**
   * Opens the live stream. `onClose` is called once, with the reason, when it ends for any
   * cause (server gone, garbage message, close()).
   */
  openSocket(handlers: { onPositions(positions: TraccarPosition[]): void; onClose(reason: string): void }): {
    close(): void;
  } {
    if (!this.cookie) throw new TraccarError("log in before opening the Traccar socket");
    const url = `${this.baseUrl.replace(/^http/, "ws")}/api/socket`;
    const socket = new WebSocket(url, {
      headers: { cookie: this.cookie },
      handshakeTimeout: this.options.timeoutMs ?? 5000,
    });
    let closed = false;
    const finish = (reason: string) => {
      if (closed) return;
      closed = true;
      socket.removeAllListeners();
      socket.on("error", () => undefined);
      socket.terminate();
      handlers.onClose(reason);
    };
    // A Buffer: ws's default binaryType, never changed here.
    socket.on("message", (data: Buffer) => {
      let parsed: z.infer<typeof socketMessageSchema>;
      try {
        parsed = socketMessageSchema.parse(JSON.parse(data.toString("utf8")));
      } catch (error) {
        finish(`Traccar sent an unreadable socket message: ${(error as Error).message.slice(0, 200)}`);
        return;
      }
      if (parsed.positions?.length) handlers.onPositions(parsed.positions);
    });
    socket.on("close", (code) => finish(`the Traccar socket closed (${code})`));
    socket.on("error", (error) => finish(`the Traccar socket failed: ${error.message}`));
    socket.on("unexpected-response", (_req, res) => finish(`Traccar refused the socket with HTTP ${res.statusCode}`));
    return { close: () => finish("closed") };
  }

  private async getJson<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    const response = await this.fetch(path, { headers: { accept: "application/json" } }, true);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new TraccarError(`Traccar answered ${path} with something that is not JSON`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new TraccarError(
        `Traccar answered ${path} with an unexpected shape: ${parsed.error.issues[0]?.message ?? "invalid"}`,
      );
    return parsed.data;
  }

  private async fetch(path: string, init: RequestInit, authenticated: boolean): Promise<Response> {
    const headers = new Headers(init.headers);
    if (authenticated) {
      if (!this.cookie) throw new TraccarError("log in to Traccar first");
      headers.set("cookie", this.cookie);
    }
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        ...init,
        headers,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (error) {
      throw new TraccarError(`Traccar is unreachable at ${this.baseUrl}: ${(error as Error).message}`);
    }
    if (response.status === 401) {
      this.cookie = null;
      throw new TraccarError(`Traccar refused ${path}: check TRACCAR_EMAIL and TRACCAR_PASSWORD`);
    }
    if (!response.ok) throw new TraccarError(`Traccar answered ${path} with HTTP ${response.status}`);
    return response;
  }
}
