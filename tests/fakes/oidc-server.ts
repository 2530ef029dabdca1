/**
 * A local OpenID Connect provider, enough for better-auth's genericOAuth: discovery, JWKS,
 * /authorize (consents at once for `fake.person`, redirecting back with a code), /token
 * (client_secret_post or basic; returns an access token and an RS256 id_token carrying the
 * nonce and the person's claims) and /userinfo (the same claims, e.g. `groups`, as Authentik sends them).
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";

export interface FakeOidcPerson {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  /** Every other claim userinfo answers, e.g. `groups`. */
  [claim: string]: unknown;
}

export interface FakeOidc {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the next /authorize signs in. */
  person: FakeOidcPerson;
  close(): Promise<void>;
}

interface Grant {
  person: FakeOidcPerson;
  nonce: string | undefined;
  redirectUri: string;
}

export async function startFakeOidc(
  client = { clientId: "fibre-ops", clientSecret: "fake-oidc-secret" },
): Promise<FakeOidc> {
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: "fake-1", alg: "RS256", use: "sig" };
  const codes = new Map<string, Grant>();
  const tokens = new Map<string, FakeOidcPerson>();

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };
  const readBody = (req: http.IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = "";
      req.on("data", (chunk: Buffer) => (text += chunk.toString()));
      req.on("end", () => resolve(text));
    });

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", fake.issuer);
      const route = url.pathname.slice(new URL(fake.issuer).pathname.length - 1);
      if (route === "/.well-known/openid-configuration") {
        return json(res, 200, {
          issuer: fake.issuer,
          authorization_endpoint: `${fake.issuer}authorize`,
          token_endpoint: `${fake.issuer}token`,
          userinfo_endpoint: `${fake.issuer}userinfo`,
          jwks_uri: `${fake.issuer}jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
          scopes_supported: ["openid", "email", "profile", "groups"],
        });
      }
      if (route === "/jwks") return json(res, 200, { keys: [jwk] });
      if (route === "/authorize") {
        if (url.searchParams.get("client_id") !== client.clientId) return json(res, 400, { error: "invalid_client" });
        const redirectUri = url.searchParams.get("redirect_uri") ?? "";
        const code = randomBytes(16).toString("hex");
        codes.set(code, { person: fake.person, nonce: url.searchParams.get("nonce") ?? undefined, redirectUri });
        const back = new URL(redirectUri);
        back.searchParams.set("code", code);
        back.searchParams.set("state", url.searchParams.get("state") ?? "");
        back.searchParams.set("iss", fake.issuer);
        res.writeHead(302, { location: back.toString() });
        return res.end();
      }
      if (route === "/token" && req.method === "POST") {
        const form = new URLSearchParams(await readBody(req));
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? "")?.[1];
        const [id, secret] = basic
          ? Buffer.from(basic, "base64").toString("utf8").split(":").map(decodeURIComponent)
          : [form.get("client_id"), form.get("client_secret")];
        if (id !== client.clientId || secret !== client.clientSecret)
          return json(res, 401, { error: "invalid_client" });
        const grant = codes.get(form.get("code") ?? "");
        codes.delete(form.get("code") ?? "");
        if (!grant || grant.redirectUri !== form.get("redirect_uri")) return json(res, 400, { error: "invalid_grant" });
        const accessToken = randomBytes(16).toString("hex");
        tokens.set(accessToken, grant.person);
        // Like Authentik, the id_token carries every claim userinfo has (groups included).
        const { sub: _sub, ...claims } = grant.person;
        const idToken = await new SignJWT({ ...claims, ...(grant.nonce ? { nonce: grant.nonce } : {}) })
          .setProtectedHeader({ alg: "RS256", kid: "fake-1" })
          .setIssuer(fake.issuer)
          .setSubject(grant.person.sub)
          .setAudience(client.clientId)
          .setIssuedAt()
          .setExpirationTime("5m")
          .sign(privateKey);
        return json(res, 200, {
          access_token: accessToken,
          token_type: "Bearer",
          expires_in: 300,
          id_token: idToken,
          scope: "openid email profile",
        });
      }
      if (route === "/userinfo") {
        const person = tokens.get(/^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "");
        return person ? json(res, 200, person) : json(res, 401, { error: "invalid_token" });
      }
      json(res, 404, { error: "not_found" });
    })().catch((error: unknown) => json(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  const fake: FakeOidc = {
    issuer: `http://127.0.0.1:${port}/application/o/fibre-ops/`,
    ...client,
    person: { sub: "nobody", email: "nobody@idp.test", email_verified: false, name: "Nobody" },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}
