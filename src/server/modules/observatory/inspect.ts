import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Invalid } from '../../platform/http/errors.ts';
import { requireRole } from '../../platform/authz.ts';
import { openSource, sniffKind, type Record_ } from './reader.ts';
import type { Structure } from './structure.ts';
import { TARGETS } from './validate.ts';

/**
 * What a file's columns are, before it is sent for validation: the web page's column-mapping
 * step. Reads the header and the first rows with the import's own reader (encoding,
 * separator, XLSX first sheet) and finds the header past any title rows, then suggests which
 * column is which dimension by its name (the id, or the Spanish or English name; case and
 * accents ignored). Nothing is stored.
 */
export const INSPECT_SAMPLE_ROWS = 5;
/** The validator looks for the header in the first 10 records (validate.ts): so does this. */
const HEADER_SEARCH_ROWS = 10;
export const MAX_INSPECT_BYTES = 200 * 1024 * 1024;
export const SUBMITTERS = ['admin', 'secretariat', 'focal_point'] as const;

/** Names of the targets that are not dimensions of the structure (the measure and the attributes). */
const EXTRA_NAMES: Record<string, { es: string; en: string }> = {
  OBS_VALUE: { es: 'Valor', en: 'Value' },
  OBS_STATUS: { es: 'Estado de la observación', en: 'Observation status' },
  COMMENT: { es: 'Comentario', en: 'Comment' },
};

export interface Inspection {
  columns: string[];
  sample: string[][];
  suggested: { columns: Record<string, string> };
  headerRow: number | null;
}

/** Lower case, no accents, `_`/`-`/spaces as one space: "País_que  informa" ≈ "pais que informa". */
export function normaliseName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

/** Every name a target may be written as, normalised → target id. */
function targetNames(s: Structure): Map<string, string> {
  const names = new Map<string, string>();
  const add = (name: string | undefined, id: string) => {
    const n = name ? normaliseName(name) : '';
    if (n && !names.has(n)) names.set(n, id);
  };
  for (const id of TARGETS) add(id, id);
  for (const d of s.dimensions) if ((TARGETS as readonly string[]).includes(d.id)) for (const n of Object.values(d.name)) add(n, d.id);
  for (const [id, n] of Object.entries(EXTRA_NAMES)) for (const v of Object.values(n)) add(v, id);
  return names;
}

/** File column → target, for the columns whose name is a target's id or name (each target once, the first column wins). */
export function suggestColumns(columns: string[], s: Structure): Record<string, string> {
  const names = targetNames(s);
  const out: Record<string, string> = {};
  const used = new Set<string>();
  for (const c of columns) {
    const id = names.get(normaliseName(c));
    if (id && !used.has(id) && !(c in out)) {
      out[c] = id;
      used.add(id);
    }
  }
  return out;
}

/**
 * The header among the first records: the first that names two targets; otherwise the first
 * with as many filled cells as the widest of them (a title row above a table has one or two).
 */
export function findHeader(records: Record_[], s: Structure): Record_ | null {
  const names = targetNames(s);
  const candidates = records.slice(0, HEADER_SEARCH_ROWS);
  const named = candidates.find((r) => r.values.filter((v) => v !== '' && names.has(normaliseName(v))).length >= 2);
  if (named) return named;
  const filled = (r: Record_) => r.values.filter((v) => v !== '').length;
  const widest = Math.max(0, ...candidates.map(filled));
  return candidates.find((r) => filled(r) >= Math.max(1, widest)) ?? null;
}

export async function inspectFile(path: string, s: Structure): Promise<Inspection> {
  const { records } = openSource(path, sniffKind(path));
  const read: Record_[] = [];
  try {
    for await (const r of records) {
      read.push(r);
      if (read.length >= HEADER_SEARCH_ROWS + INSPECT_SAMPLE_ROWS) break;
    }
  } finally {
    await records.return(undefined);
  }
  const header = findHeader(read, s);
  if (!header) return { columns: [], sample: [], suggested: { columns: {} }, headerRow: null };
  const columns = [...header.values];
  while (columns.length && columns[columns.length - 1] === '') columns.pop();
  const at = read.indexOf(header);
  const sample = read.slice(at + 1, at + 1 + INSPECT_SAMPLE_ROWS).map((r) => columns.map((_, i) => r.values[i] ?? ''));
  return { columns, sample, suggested: { columns: suggestColumns(columns, s) }, headerRow: header.row };
}
