import { periodId } from './periods.ts';
import { DIMENSION_IDS, TOTAL, type Structure } from './structure.ts';

/**
 * Observation keys packed into integers for the set-based checks on a staged file: every
 * dimension but LOCATION is a small integer (its position in the code list), packed into
 * one bigint `k`; LOCATION gets an id per distinct code of the file (`_T` is 0); the month
 * is year × 12 + month − 1. Grouping a million rows by three integers instead of ten text
 * columns is what makes the duplicate-key and parts-against-totals checks cheap; the
 * parts of one dimension are grouped by `k` with that dimension's bits cleared.
 */
export interface PackedDimension {
  id: string;
  ids: Map<string, number>;
  codes: string[];
  shift: number;
  mask: number;
}

export class KeyCodec {
  readonly packed: PackedDimension[] = [];
  readonly locations = new Map<string, number>([[TOTAL, 0]]);
  readonly fits: boolean;
  /** the width of `k` */
  readonly width: number;
  private readonly byId = new Map<string, PackedDimension>();

  constructor(s: Structure) {
    let bits = 0;
    const dims = DIMENSION_IDS.filter((d) => d !== 'LOCATION').map((id) => {
      const codes = [...(s.byId.get(id)?.codes.keys() ?? [])];
      const width = Math.max(1, Math.ceil(Math.log2(codes.length + 1)));
      bits += width;
      return { id, codes, width };
    });
    // a JS number holds 53 bits exactly; beyond that the checks fall back to text columns
    this.fits = bits <= 53;
    this.width = bits;
    let shift = bits;
    for (const d of dims) {
      shift -= d.width;
      const p = { id: d.id, ids: new Map(d.codes.map((c, i) => [c, i + 1])), codes: d.codes, shift, mask: 2 ** d.width - 1 };
      this.packed.push(p);
      this.byId.set(d.id, p);
    }
  }

  /**
   * One dimension's share of the packed key (0 for LOCATION, which has an id of its own):
   * the key is the sum of its dimensions' shares, so a reader that caches the share per
   * distinct code adds a few numbers per row instead of looking every code up again.
   */
  bits(dimension: string, code: string): number {
    const d = this.byId.get(dimension);
    return d ? (d.ids.get(code) ?? 0) * 2 ** d.shift : 0;
  }

  location(code: string): number {
    let id = this.locations.get(code);
    if (id === undefined) this.locations.set(code, (id = this.locations.size));
    return id;
  }

  /** a period's id: a month year × 12 + month − 1; quarters and years have ids of their own (periods.ts) */
  static period(p: string): number {
    return periodId(p);
  }
}
