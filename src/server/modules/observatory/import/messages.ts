// The messages a validation produces, and the collector that caps how many are kept.

export interface Message {
  /** error blocks; warning asks the person to check; info only tells (e.g. a series never seen before) */
  severity: 'error' | 'warning' | 'info';
  row: number | null;
  column: string | null;
  value: string | null;
  key: string;
  /** a translated value (`{es, en}`) is read in the reader's language */
  params: Record<string, string | number | Record<string, string>>;
}

export const MAX_STORED_ERRORS = 5000;
export const MAX_STORED_WARNINGS = 1000;
export const MAX_NEW_SERIES_LISTED = 20;

/**
 * The messages of one validation: counted in full, kept up to a cap (a million bad rows
 * must not become a million objects), sorted by row when read.
 */
export class Messages {
  readonly list: Message[] = [];
  errorCount = 0;
  warningCount = 0;
  infoCount = 0;

  add(m: Omit<Message, 'params'> & { params?: Message['params'] }): void {
    const full = { ...m, params: m.params ?? {} };
    if (m.severity === 'error') {
      this.errorCount++;
      if (this.errorCount <= MAX_STORED_ERRORS) this.list.push(full);
    } else if (m.severity === 'warning') {
      this.warningCount++;
      if (this.warningCount <= MAX_STORED_WARNINGS) this.list.push(full);
    } else {
      this.infoCount++;
      if (this.infoCount <= MAX_STORED_WARNINGS) this.list.push(full);
    }
  }

  /** Counts `n` errors of which `shown` were added with add(). */
  countMore(severity: 'error' | 'warning', n: number): void {
    if (severity === 'error') this.errorCount += n;
    else this.warningCount += n;
  }

  sorted(): Message[] {
    return this.list.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  }
}
