import { spawn } from "node:child_process";
import { RADCLIENT_PATH } from "@/bench/lib/freeradius";

export interface RadclientAnswer {
  /** "Access-Accept", "Access-Reject", "Accounting-Response", or null when nothing answered. */
  code: string | null;
  /** The answer's attributes, by name (the last value of a repeated one), unquoted. */
  attributes: Record<string, string>;
  output: string;
}

/**
 * Debian's radclient, sending one request to FreeRADIUS on 127.0.0.1 (as a NAS would) and
 * reporting the answer. Values are written quoted, which radclient accepts for every type.
 */
export async function radclient(
  port: number,
  kind: "auth" | "acct",
  secret: string,
  attributes: Record<string, string | number>,
  options: { timeoutSeconds?: number; retries?: number } = {},
): Promise<RadclientAnswer> {
  const input = Object.entries(attributes)
    .map(([name, value]) => `${name} = "${String(value).replace(/(["\\])/g, "\\$1")}"`)
    .join("\n");
  const child = spawn(
    RADCLIENT_PATH,
    [
      "-x",
      "-t",
      String(options.timeoutSeconds ?? 3),
      "-r",
      String(options.retries ?? 1),
      `127.0.0.1:${port}`,
      kind,
      secret,
    ],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stdin.end(`${input}\n`);
  await new Promise<void>((resolve) => child.once("close", () => resolve()));
  const received = /Received (\S+) Id \d+/.exec(output);
  const answer: Record<string, string> = {};
  if (received) {
    const after = output.slice(received.index);
    for (const line of after.split("\n").slice(1)) {
      const pair = /^\s+([A-Za-z0-9-]+) = (.*)$/.exec(line);
      if (!pair) continue;
      answer[pair[1]!] = pair[2]!.replace(/^"(.*)"$/, "$1");
    }
  }
  return { code: received ? received[1]! : null, attributes: answer, output };
}
