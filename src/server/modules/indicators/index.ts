import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { columnLabel, type AuditLabelSource } from '../../platform/audit/labels.ts';

/** Public surface of the indicators module (GCM indicators: catalogue, values, progress). */
export type {
  IndicatorType,
  Direction,
  ValueOrigin,
  ValueStatus,
  PolicyAnswer,
  ProgressStatus,
  IndicatorSummary,
  IndicatorDetail,
  IndicatorPoint,
  IndicatorProgress,
} from './types.ts';
export { INDICATOR_TYPES, DIRECTIONS, VALUE_ORIGINS, VALUE_STATUSES, POLICY_ANSWERS, REGION } from './types.ts';
export { IndicatorsReader, type SeriesOptions } from './reader.ts';
export { IndicatorValues, type ValueInput } from './values.ts';
export { assessProgress, statusOf, BASELINE_YEAR, MIN_POINTS, SIGNIFICANT } from './progress.ts';
export { seedIndicators, INDICATORS_SEED_DIR } from './seed.ts';
export { IndicatorComputer, type RecomputeReport } from './computed.ts';
export { IndicatorRecompute } from './recompute.ts';
export { computationSchema, type Computation } from './computation.ts';
export { IndicatorEditing } from './editing.ts';
export { indicatorInputRoutes, indicatorInputs } from './input.ts';
export { indicatorsRoutes } from './routes.ts';
export const indicatorsMigrations = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Names the audit trail shows for this module's entities (the id stays on hover). */
export const indicatorsAuditLabels: Record<string, AuditLabelSource> = {
  indicator: columnLabel('ind_indicator', 'name', 'code'),
};
