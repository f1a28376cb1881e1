/**
 * Which observatory figures speak to which GCM objective: configuration as a typed table,
 * so the objective page asks one list instead of carrying per-objective conditions.
 *
 * - `incidents`: the incidents module's SDG 10.7.3 (people dead or missing during migration),
 *   per country of incident, with a link to the missing-migrants map.
 * - `flow`: a MIG_FLOWS flow (../shared/reference/mig-flows.md), answered by the data API as
 *   the reader may see it. A flow no country has released shows as "no data yet": the figure
 *   is never made up.
 *
 * Why these pairs (the GCM's own wording, seed/reference/gcm-taxonomy.json): objective 5 is
 * regular pathways (residence permits and regularisations); 8, saving lives and searching for
 * missing migrants (SDG 10.7.3, the incidents' sum of MISSING and DEAD); 10, trafficking in persons (identified
 * victims); 11, managing borders (regular entries and exits, irregular entries detected);
 * 21, return and readmission (nationals returned, deportations and removals).
 */
export type FigureSource = { kind: 'incidents' } | { kind: 'flow'; flow: FlowCode };

export const FLOW_CODES = ['REG_ENTRY', 'REG_EXIT', 'IRREG_ENTRY', 'RETURN_RECEIVED', 'REMOVAL', 'ASYLUM_APP', 'REFUGEE_RECOG', 'RESIDENCE_PERMIT', 'MISSING', 'DEAD', 'TRAFFICKING_VICTIM'] as const;
export type FlowCode = (typeof FLOW_CODES)[number];

export const OBJECTIVE_FIGURES: Readonly<Record<number, readonly FigureSource[]>> = {
  5: [{ kind: 'flow', flow: 'RESIDENCE_PERMIT' }],
  // MISSING and DEAD are answered from the same incidents registry (observatory/read/incident-flows.ts),
  // mostly as an unsplit sum: SDG 10.7.3 is that sum, so they are not drawn again as flows.
  8: [{ kind: 'incidents' }],
  10: [{ kind: 'flow', flow: 'TRAFFICKING_VICTIM' }],
  11: [{ kind: 'flow', flow: 'REG_ENTRY' }, { kind: 'flow', flow: 'REG_EXIT' }, { kind: 'flow', flow: 'IRREG_ENTRY' }],
  21: [{ kind: 'flow', flow: 'RETURN_RECEIVED' }, { kind: 'flow', flow: 'REMOVAL' }],
};

export function figuresFor(objective: number): readonly FigureSource[] {
  return OBJECTIVE_FIGURES[objective] ?? [];
}

export const OBJECTIVE_COUNT = 23;
