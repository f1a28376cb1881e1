import type { Message } from './messages.ts';
import { DIMENSION_IDS, type DimensionId } from '../structure/index.ts';
import type { ColumnMapping } from './validate-types.ts';

/**
 * One column that carries several dimensions (issue 17 item 6): national tables often have a
 * column `grupo` with `hombres / mujeres / niños / niñas`, which is SEX and AGE at once. The
 * mapping's `split` gives a value table per column (`niños` → SEX=M, AGE=Y_LT18); each
 * dimension it feeds becomes a virtual column of the row (named `grupo → SEX`), so the rest of
 * validation (code checks, national code mappings, the staged key) reads it like any other.
 */
type Add = (m: Omit<Message, 'params'> & { params?: Message['params'] }) => void;

export interface SplitPlan {
  /** dimension → index of its virtual column in the row's values */
  targets: Map<DimensionId, number>;
  /** the virtual columns' names, appended to the header's */
  names: string[];
  /** fills the virtual columns of one row; false (with an error added) when its value is not in the table */
  fill(values: string[], row: number): boolean;
}

export function planSplit(mapping: ColumnMapping, names: string[], headerRow: number, add: Add): SplitPlan | null {
  const split = mapping.split;
  if (!split || Object.keys(split).length === 0) return null;
  const targets = new Map<DimensionId, number>();
  const virtual: string[] = [];
  const columns: { idx: number; column: string; table: Map<string, Record<string, string>>; dims: { dim: DimensionId; at: number }[]; known: string }[] = [];
  let ok = true;
  for (const [column, values] of Object.entries(split)) {
    const idx = names.findIndex((n) => n.toLowerCase() === column.toLowerCase());
    if (idx < 0) {
      add({ severity: 'error', row: headerRow, column, value: null, key: 'observatory.msg.columnNotFound', params: { column } });
      ok = false;
      continue;
    }
    const dims: { dim: DimensionId; at: number }[] = [];
    for (const codes of Object.values(values)) {
      for (const dim of Object.keys(codes)) {
        if (!(DIMENSION_IDS as string[]).includes(dim) || dim === 'REF_AREA') {
          add({ severity: 'error', row: headerRow, column, value: dim, key: 'observatory.msg.splitUnknownDimension', params: { column, dimension: dim } });
          ok = false;
          continue;
        }
        if (dims.some((d) => d.dim === dim)) continue;
        if (targets.has(dim as DimensionId)) {
          add({ severity: 'error', row: headerRow, column, value: dim, key: 'observatory.msg.dimensionTwice', params: { dimension: dim, columns: `${virtual[targets.get(dim as DimensionId)! - names.length]}, ${column}` } });
          ok = false;
          continue;
        }
        const at = names.length + virtual.length;
        virtual.push(`${names[idx]} → ${dim}`);
        targets.set(dim as DimensionId, at);
        dims.push({ dim: dim as DimensionId, at });
      }
    }
    const table = new Map(Object.entries(values).map(([v, codes]) => [v.trim().toLowerCase(), codes]));
    columns.push({ idx, column: names[idx]!, table, dims, known: Object.keys(values).sort((a, b) => a.localeCompare(b, 'es')).slice(0, 12).join(', ') });
  }
  if (!ok) return { targets, names: virtual, fill: () => false };
  return {
    targets,
    names: virtual,
    fill(values, row) {
      for (const c of columns) {
        const raw = values[c.idx] ?? '';
        const codes = c.table.get(raw.trim().toLowerCase());
        if (!codes) {
          add({ severity: 'error', row, column: c.column, value: raw, key: 'observatory.msg.splitValueUnknown', params: { row, column: c.column, value: raw, known: c.known } });
          return false;
        }
        // a dimension a value does not name is at its total for that row (`total` → SEX=_T, AGE=_T)
        for (const d of c.dims) values[d.at] = codes[d.dim] ?? '_T';
      }
      return true;
    },
  };
}
