import { timeoutManager, type TimeoutCallback, type TimeoutProvider } from '@tanstack/react-query';

/** Timers at least this long share one browser timer; shorter ones are the browser's own. */
const SHARED_FROM_MS = 1000;

/**
 * The query client's long timers (each query's garbage collection after minutes, each
 * observer's staleness after one to ten) on one browser timer: a page adopting a server
 * drawing (ADR 0008) creates dozens of them at once, and every browser timer made or cleared
 * costs the phone's main thread during hydration. Due times are kept here; one browser timer
 * waits for the earliest. Behaviour is unchanged: each callback runs when its time has come.
 */
export class SharedTimers implements TimeoutProvider<number> {
  #last = 0;
  readonly #due = new Map<number, { at: number; run: TimeoutCallback }>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Infinity;

  setTimeout(callback: TimeoutCallback, delay: number): number {
    if (!(delay >= SHARED_FROM_MS)) return setTimeout(callback, delay) as unknown as number;
    // Negative ids: never a browser timer's id.
    const id = --this.#last;
    const at = Date.now() + delay;
    this.#due.set(id, { at, run: callback });
    if (at < this.#timerAt) this.#wait(at);
    return id;
  }

  clearTimeout(id: number | undefined): void {
    if (id === undefined) return;
    if (id < 0) this.#due.delete(id);
    else clearTimeout(id);
  }

  setInterval(callback: TimeoutCallback, delay: number): number {
    return setInterval(callback, delay) as unknown as number;
  }

  clearInterval(id: number | undefined): void {
    clearInterval(id);
  }

  /** How many shared timers are waiting (tests). */
  get size(): number {
    return this.#due.size;
  }

  #wait(at: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, at - Date.now()));
  }

  #fire(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = Date.now();
    const ready = [...this.#due].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at);
    for (const [id] of ready) this.#due.delete(id);
    for (const [, t] of ready) t.run();
    let next = Infinity;
    for (const t of this.#due.values()) next = Math.min(next, t.at);
    if (next < Infinity && next < this.#timerAt) this.#wait(next);
  }
}

let installed = false;
/** In the browser, before the query client makes its first query (main.tsx). */
export function shareQueryTimers(): void {
  if (installed) return;
  installed = true;
  timeoutManager.setTimeoutProvider(new SharedTimers());
}
