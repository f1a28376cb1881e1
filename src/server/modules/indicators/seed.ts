import fs from 'node:fs';
import path from 'node:path';
import type { Executor } from '../../platform/db/database.ts';
import { SEED_DIR } from '../../platform/paths.ts';
import { rowData } from './catalogue-row.ts';
import type { Direction, IndicatorType, ValueOrigin } from './types.ts';

/**
 * The catalogue's first content: `seed/indicators/gcm-indicators.json` (an unchanged copy of
 * shared/reference/gcm-indicators.json, so a clone without the shared folder starts with it),
 * the desired directions the platform proposes (`directions.json`, each with its basis) and the
 * computations of the indicators computed from MIG_FLOWS (`computations.json`, when present).
 * Additive: an entry the secretariat has edited or retired is left as it is.
 */
export const INDICATORS_SEED_DIR = path.join(SEED_DIR, 'indicators');

interface SourceEntry {
  code: string;
  name_en: string;
  name_es: string | null;
  name_es_status: string | null;
  gcm_objectives: number[];
  gcm_mapping_basis: string | null;
  sdg: string | null;
  sdg_series: string[];
  type: IndicatorType;
  unit: string;
  disaggregations: string[];
  definition: string;
  custodian: string | null;
  typical_source: string | null;
  mig_flows: { computable: 'yes' | 'partial' | 'no'; how: string | null; gaps: string | null };
  official: boolean;
  official_status: string | null;
  in_a79590: string | null;
  confidence: string | null;
  source: string[];
  notes: string | null;
}

function readJson<T>(file: string): T | null {
  const p = path.join(INDICATORS_SEED_DIR, file);
  return fs.existsSync(p) ? (JSON.parse(fs.readFileSync(p, 'utf8')) as T) : null;
}

/** "draft translation, not official" → a draft; an official title or no Spanish name → not a draft. */
export function isDraftSpanish(nameEs: string | null, status: string | null): boolean {
  return nameEs !== null && /draft/i.test(status ?? '');
}

/**
 * How values arrive, from the entry's own statements: computed where MIG_FLOWS answers it
 * wholly (and a computation is shipped), imported from the custodian for the SDG series,
 * reported by the countries otherwise (and alongside a partial computation).
 */
function arrivalOf(e: SourceEntry, computed: boolean): ValueOrigin[] {
  const a = new Set<ValueOrigin>();
  if (computed) a.add('computed');
  if (e.sdg) a.add('imported');
  if (!computed || e.type === 'policy_presence') a.add('reported');
  return [...a];
}

export async function seedIndicators(db: Executor): Promise<void> {
  const source = readJson<{ indicators: SourceEntry[] }>('gcm-indicators.json');
  if (!source) return;
  const directions = readJson<{ directions: Record<string, { direction: Direction; basis: string }> }>('directions.json')?.directions ?? {};
  const computations = readJson<{ computations: Record<string, unknown> }>('computations.json')?.computations ?? {};
  const rows = source.indicators.map((e) => {
    const computation = computations[e.code] ?? null;
    return {
      code: e.code,
      name: JSON.stringify({ es: e.name_es, en: e.name_en }),
      name_es_draft: isDraftSpanish(e.name_es, e.name_es_status),
      name_es_status: e.name_es_status,
      objectives: e.gcm_objectives,
      sdg: e.sdg,
      sdg_series: e.sdg_series,
      type: e.type,
      unit: e.unit,
      direction: directions[e.code]?.direction ?? ('none' as const),
      direction_basis: directions[e.code]?.basis ?? null,
      disaggregations: e.disaggregations,
      // the catalogue's definitions are in English only: no Spanish is invented
      definition: JSON.stringify({ en: e.definition, es: null }),
      custodian: e.custodian,
      typical_source: e.typical_source,
      arrival: arrivalOf(e, computation !== null),
      official: e.official,
      official_status: e.official_status,
      in_a79590: e.in_a79590,
      confidence: e.confidence,
      sources: e.source,
      mapping_basis: e.gcm_mapping_basis,
      notes: e.notes,
      mig_flows: JSON.stringify(e.mig_flows),
      computation: computation === null ? null : JSON.stringify(computation),
    };
  });
  const added = await db.insertInto('ind_indicator').values(rows).onConflict((oc) => oc.column('code').doNothing()).returningAll().execute();
  if (added.length) {
    await db
      .insertInto('ind_indicator_version')
      .values(added.map((r) => ({ code: r.code, version: r.version, data: JSON.stringify(rowData(r)), change: 'seed' as const, actor_label: 'system' })))
      .execute();
  }
  // A computation shipped after the entry was seeded reaches an entry nobody has edited since.
  for (const r of rows) {
    if (r.computation === null) continue;
    await db.updateTable('ind_indicator').set({ computation: r.computation, arrival: r.arrival }).where('code', '=', r.code).where('computation', 'is', null).where('version', '=', 1).execute();
  }
}
