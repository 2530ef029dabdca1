import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientAddress, contentSecurityPolicy, createFrontDoor } from "./front-door";

describe("clientAddress", () => {
  it.each([
    // socket, X-Forwarded-For, trusted hops → client
    ["127.0.0.1", "203.0.113.9", 0, "127.0.0.1"],
    ["::ffff:127.0.0.1", undefined, 0, "127.0.0.1"],
    ["10.0.0.2", "203.0.113.9", 1, "203.0.113.9"],
    ["10.0.0.2", "198.51.100.1, 203.0.113.9", 1, "203.0.113.9"],
    ["10.0.0.2", ["198.51.100.1", "203.0.113.9"], 1, "203.0.113.9"],
    ["10.0.0.3", "198.51.100.1, 203.0.113.9, 10.0.0.2", 2, "203.0.113.9"],
    ["10.0.0.2", undefined, 1, "10.0.0.2"],
    ["10.0.0.2", "not-an-address", 1, "10.0.0.2"],
    ["10.0.0.2", "2001:db8::1", 1, "2001:db8::1"],
  ] as const)("%s with %j through %d proxies → %s", (socket, forwarded, hops, expected) =>
    expect(clientAddress(socket, forwarded as string | string[] | undefined, hops)).toBe(expected),
  );
});

describe("the front door", () => {
  async function answer(
    options: { baseUrl: string; trustedProxyHops: number },
    headers: Record<string, string>,
    ownHeaders: Record<string, string> = {},
  ) {
    const frontDoor = createFrontDoor(options);
    let seen: string | undefined;
    const server = http.createServer((req, res) => {
      frontDoor(req, res);
      seen = req.headers[CLIENT_ADDRESS_HEADER] as string;
      for (const [name, value] of Object.entries(ownHeaders)) res.setHeader(name, value);
      res.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { headers });
      return { headers: response.headers, seen };
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }

  it("replaces a client's copy of the address header with the socket's address", async () => {
    const { seen } = await answer(
      { baseUrl: "http://localhost:3000", trustedProxyHops: 0 },
      { [CLIENT_ADDRESS_HEADER]: "198.51.100.7", "x-forwarded-for": "198.51.100.8" },
    );
    expect(seen).toBe("127.0.0.1");
  });

  it("sends the security headers, keeps an answer's own value, and HSTS only over https", async () => {
    const plain = await answer(
      { baseUrl: "http://localhost:3000", trustedProxyHops: 0 },
      {},
      { "referrer-policy": "no-referrer" },
    );
    expect(plain.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(plain.headers.get("x-content-type-options")).toBe("nosniff");
    expect(plain.headers.get("referrer-policy")).toBe("no-referrer");
    expect(plain.headers.get("permissions-policy")).toMatch(/geolocation=\(self\).*camera=\(self\)/);
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    // A client cannot claim https without a trusted proxy.
    const claimed = await answer(
      { baseUrl: "http://localhost:3000", trustedProxyHops: 0 },
      { "x-forwarded-proto": "https" },
    );
    expect(claimed.headers.get("strict-transport-security")).toBeNull();
    const proxied = await answer(
      { baseUrl: "http://localhost:3000", trustedProxyHops: 1 },
      { "x-forwarded-proto": "https" },
    );
    expect(proxied.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    const https = await answer({ baseUrl: "https://ops.example", trustedProxyHops: 0 }, {});
    expect(https.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("lets the map's blob: workers, WebAssembly and same-origin sockets through", () => {
    const csp = contentSecurityPolicy({ baseUrl: "https://ops.example", trustedProxyHops: 0 });
    expect(csp).toMatch(/worker-src 'self' blob:/);
    expect(csp).toMatch(/script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'/);
    expect(csp).toContain("wss://ops.example");
  });
});
