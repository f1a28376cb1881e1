import pg from 'pg';
import { sql } from 'kysely';
import type { Executor } from './database.ts';

/**
 * Public content changed (docs/adr/0010): a release, a publication, a visibility or calendar
 * change. Whoever makes such a change announces it in the same transaction; PostgreSQL
 * delivers the NOTIFY to every listening instance only when (and if) it commits, so caches of
 * public answers and drawn pages are dropped on all instances at once, never before the
 * change is visible and never for a change that was rolled back.
 */
export const PUBLIC_CHANGE_CHANNEL = 'observatorio_public_change';

export interface PublicChange {
  /** What changed, for logs: `release`, `practice`, `policy`, `calendar`. */
  kind: string;
  /** A moment in the future from which the change becomes visible (an embargoed release). */
  visibleAt?: string;
}

/** Announces a change of public content; call it inside the transaction that makes it. */
export async function announcePublicChange(tx: Executor, change: PublicChange): Promise<void> {
  await sql`select pg_notify(${PUBLIC_CHANGE_CHANNEL}, ${JSON.stringify(change)})`.execute(tx);
}

/** What a listener hears: a change, or `reset` when changes may have been missed (connection lost). */
export type HeardChange = { kind: 'reset'; lsn: string | null } | (PublicChange & { lsn: string | null });

export interface ChangeListenerOptions {
  /** pg connection settings of the primary (the pool's own options). */
  connection: pg.ClientConfig;
  /**
   * Also read the primary's WAL position on each change (for the read replica: a reader must
   * not be served by a replica that has not replayed up to it). Off when there is no replica.
   */
  trackLsn: boolean;
  log?: (msg: string) => void;
  /** First and largest wait before reconnecting, in ms. */
  retryMs?: [number, number];
}

/**
 * One dedicated connection that LISTENs (a pooled connection cannot: it is handed to other
 * queries). When it is lost it reconnects with a growing wait, and reports `reset` both on the
 * loss and on the new connection: notifications sent in between are lost, so whoever
 * listens must drop everything it kept.
 */
export class ChangeListener {
  private client: pg.Client | null = null;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private wait: number;
  private readonly handlers: ((c: HeardChange) => void)[] = [];
  private connected: Promise<void> | null = null;
  private readonly embargoes = new Set<NodeJS.Timeout>();

  constructor(private readonly opts: ChangeListenerOptions) {
    this.wait = opts.retryMs?.[0] ?? 200;
  }

  onChange(h: (c: HeardChange) => void): void {
    this.handlers.push(h);
  }

  /** Connects; resolves once listening (or after the first failure, retrying in the background). */
  start(): Promise<void> {
    this.connected ??= this.connect();
    return this.connected;
  }

  get listening(): boolean {
    return this.client !== null;
  }

  private emit(c: HeardChange) {
    for (const h of this.handlers) {
      try {
        h(c);
      } catch (err) {
        this.opts.log?.(`public change handler failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  // The primary's WAL insert position: past the commit record of every transaction whose
  // notification has already been delivered (notifications are sent after the commit is written).
  private async lsn(client: pg.Client): Promise<string | null> {
    if (!this.opts.trackLsn) return null;
    const r = await client.query<{ lsn: string }>('select pg_current_wal_insert_lsn()::text as lsn');
    return r.rows[0]?.lsn ?? null;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ ...this.opts.connection, application_name: 'observatorio-listen' });
    try {
      await client.connect();
      client.on('error', () => this.lost(client));
      client.on('end', () => this.lost(client));
      client.on('notification', (n) => {
        if (n.channel !== PUBLIC_CHANGE_CHANNEL) return;
        let change: PublicChange = { kind: 'unknown' };
        try {
          change = JSON.parse(n.payload ?? '{}') as PublicChange;
        } catch {
          // an unreadable payload still means "something public changed"
        }
        this.lsn(client).then(
          (lsn) => {
            this.emit({ ...change, lsn });
            this.later({ ...change, lsn });
          },
          () => this.emit({ kind: 'reset', lsn: null }),
        );
      });
      await client.query(`listen ${PUBLIC_CHANGE_CHANNEL}`);
      if (this.closed) {
        await client.end().catch(() => {});
        return;
      }
      this.client = client;
      this.wait = this.opts.retryMs?.[0] ?? 200;
      // Anything may have changed while nobody listened (first start included).
      this.emit({ kind: 'reset', lsn: await this.lsn(client) });
    } catch (err) {
      this.opts.log?.(`listening for public changes failed (${err instanceof Error ? err.message : String(err)}); retrying`);
      client.removeAllListeners();
      await client.end().catch(() => {});
      this.retry();
    }
  }

  // An embargoed release becomes visible later without any write: heard again at that moment
  // (within a day; a longer embargo is still bounded by the caches' own lifetimes).
  private later(c: PublicChange & { lsn: string | null }) {
    const delay = c.visibleAt ? Date.parse(c.visibleAt) - Date.now() : NaN;
    if (!(delay > 0 && delay < 24 * 3600_000)) return;
    const timer = setTimeout(() => {
      this.embargoes.delete(timer);
      this.emit({ ...c, visibleAt: undefined });
    }, delay + 50);
    timer.unref();
    this.embargoes.add(timer);
  }

  private lost(client: pg.Client) {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners();
    client.on('error', () => {});
    void client.end().catch(() => {});
    if (this.closed) return;
    this.opts.log?.('lost the connection listening for public changes; reconnecting');
    this.emit({ kind: 'reset', lsn: null });
    this.retry();
  }

  private retry() {
    if (this.closed || this.timer) return;
    const max = this.opts.retryMs?.[1] ?? 10_000;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, this.wait);
    this.timer.unref();
    this.wait = Math.min(max, this.wait * 2);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const t of this.embargoes) clearTimeout(t);
    this.embargoes.clear();
    const c = this.client;
    this.client = null;
    if (c) {
      c.removeAllListeners();
      c.on('error', () => {});
      await c.end().catch(() => {});
    }
  }
}
