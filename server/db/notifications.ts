import type { Database } from "./client";

interface PgliteListener {
  listen(channel: string, callback: (payload: string) => void): Promise<(() => Promise<void>) | undefined>;
}
interface PgPoolClient {
  query(text: string): Promise<unknown>;
  on(event: "notification", listener: (message: { channel: string }) => void): void;
  on(event: "error", listener: (error: Error) => void): void;
  release(error?: Error | boolean): void;
}
interface PgPool {
  connect(): Promise<PgPoolClient>;
}

/**
 * Calls `onNotify` for every NOTIFY on `channel` (PostgreSQL delivers them when the notifying
 * transaction commits, never when it rolls back): the way work written inside a transaction is
 * picked up after its commit, by every instance, without each writer having to remember to. On
 * PostgreSQL it holds one connection of the pool; a broken one is replaced. Returns the stop.
 */
export async function listenForNotifications(
  db: Database,
  channel: string,
  onNotify: () => void,
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`"${channel}" is not a plain channel name`);
  const client = (db as unknown as { $client: PgliteListener | PgPool }).$client;
  if ("listen" in client) {
    const unlisten = await client.listen(channel, () => onNotify());
    return async () => {
      await unlisten?.();
    };
  }
  const pool = client;
  let stopped = false;
  let current: PgPoolClient | null = null;
  const connect = async (): Promise<void> => {
    const session = await pool.connect();
    session.on("notification", (message) => {
      if (message.channel === channel) onNotify();
    });
    session.on("error", (error) => {
      console.error(`database notifications on ${channel}: the connection failed, reconnecting:`, error.message);
      session.release(error);
      if (current === session) current = null;
      if (!stopped) setTimeout(() => void reconnect(), 1000).unref();
    });
    await session.query(`listen ${channel}`);
    current = session;
    // Whatever was notified while no connection listened is picked up now.
    onNotify();
  };
  const reconnect = async () => {
    if (stopped) return;
    await connect().catch((error: unknown) => {
      console.error(`database notifications on ${channel}: reconnecting failed:`, error);
      if (!stopped) setTimeout(() => void reconnect(), 5000).unref();
    });
  };
  await connect();
  return async () => {
    stopped = true;
    const session = current;
    current = null;
    if (!session) return;
    await session.query(`unlisten ${channel}`).catch(() => undefined);
    session.release();
  };
}
