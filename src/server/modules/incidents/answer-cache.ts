/**
 * Public answers kept in memory: the map's GeoJSON (19,669 points, about 4 MB) and the
 * SDG 10.7.3 tables are the same for every reader who is not signed in, and rebuilding them
 * for each one cost more than the database's own work. Kept at most `ttlMs` (the same minute
 * the answers' `Cache-Control` already grants shared caches), dropped at once on any change
 * made through this instance, and on the public-change notifications every instance hears
 * (docs/adr/0010), so a verified incident appears everywhere without waiting.
 */
export class IncidentAnswerCache {
  private readonly kept = new Map<string, { at: number; body: unknown }>();
  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 200,
  ) {}

  /** A kept answer (the GeoJSON's text, a summary's object) is never changed by its readers. */
  async get<T>(key: string, make: () => Promise<T>): Promise<T> {
    const hit = this.kept.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.body as T;
    // A change during the drawing must not leave the older answer kept after it.
    const generation = this.generation;
    const body = await make();
    if (generation === this.generation) {
      if (this.kept.size >= this.maxEntries) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(key, { at: Date.now(), body });
    }
    return body;
  }

  private generation = 0;
  invalidate(): void {
    this.generation++;
    this.kept.clear();
  }
}
