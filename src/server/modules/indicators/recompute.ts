import type { Database } from '../../platform/db/database.ts';
import { poolOf } from '../../platform/db/database.ts';
import { ChangeListener } from '../../platform/db/changes.ts';
import { IndicatorComputer, type RecomputeReport } from './computed.ts';
import { INCIDENT_CODES } from './incident-values.ts';

/**
 * Keeps the computed indicators in step with the public data. A release, a narrowed
 * visibility or a calendar change is announced on the public-change channel when its
 * transaction commits (platform/db/changes.ts, docs/adr/0010); this listens on its own
 * connection and recomputes afterwards, in the background — the release never waits for it.
 * Changes heard while a run is going start one more run after it (never two at once here;
 * across instances the computer's advisory lock serialises the writes, and an unchanged
 * value writes nothing).
 */
const RECOMPUTE_ON = new Set(['release', 'policy', 'calendar', 'reset']);
/** A verified, corrected or imported incident changes only the indicators computed from incidents (incident-values.ts). */
const INCIDENTS_CHANGE = 'incidents';

export class IndicatorRecompute {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  /** what the next run recomputes: everything, or only the indicators from incidents */
  private scope: 'all' | 'incidents' | null = null;
  private listener: ChangeListener | null = null;
  private closed = false;
  readonly computer: IndicatorComputer;

  constructor(
    private readonly db: Database,
    private readonly opts: { log?: (m: string) => void; delayMs?: number; onDone?: (r: RecomputeReport) => void } = {},
  ) {
    this.computer = new IndicatorComputer(db);
  }

  /** Listens for public changes and computes once now. */
  async start(): Promise<void> {
    this.listener = new ChangeListener({ connection: poolOf(this.db).options, trackLsn: false, log: this.opts.log });
    this.listener.onChange((c) => {
      if (RECOMPUTE_ON.has(c.kind)) this.schedule();
      else if (c.kind === INCIDENTS_CHANGE) this.schedule(undefined, 'incidents');
    });
    await this.listener.start();
    this.schedule(0);
  }

  /** A run soon (changes arriving together make one run). */
  schedule(delay = this.opts.delayMs ?? 500, scope: 'all' | 'incidents' = 'all'): void {
    if (this.closed) return;
    this.scope = this.scope === 'all' || scope === 'all' ? 'all' : 'incidents';
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.run();
    }, delay);
  }

  /** Resolves when no run is pending or going. */
  async idle(): Promise<void> {
    while (this.running || this.timer) {
      if (this.running) await this.running;
      else await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async run(): Promise<void> {
    try {
      const scope = this.scope;
      this.scope = null;
      const r = await this.computer.recomputeAll(scope === 'incidents' ? { codes: INCIDENT_CODES } : {});
      for (const f of r.failed) this.opts.log?.(`indicators: ${f.code} not computed: ${f.message}`);
      this.opts.onDone?.(r);
    } catch (err) {
      if (!this.closed) this.opts.log?.(`indicators: recomputation failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.running = null;
      if (this.again && !this.closed) {
        this.again = false;
        // the changes heard during the run say what the next one needs
        this.schedule(undefined, this.scope === 'incidents' ? 'incidents' : 'all');
      }
    }
  }

  async stop(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.listener?.close();
  }
}
