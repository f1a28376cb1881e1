export { requireCountry, requireCountryManager } from './access.ts';
export { checkFilterCodes, hintParams, suggestCode } from './codes.ts';
export { KeyCodec } from './keys.ts';
export { coverageSql, lastMonth, parsePeriod, periodId, periodLength, sqlFirstMonth, sqlLastMonth, sqlPeriodId, type AnswerPeriod, type PeriodLength } from './periods.ts';
export { seedSources, setSource, sourcesOf, type Bilingual, type SourceInput, type SourceMeta } from './sources.ts';
export { seedObservatory } from './structure-seed.ts';
export { BREAKDOWN_IDS, DIMENSION_COLUMNS, DIMENSION_IDS, TOTAL, describeStructure, loadStructure, type DimensionId, type Structure } from './structure.ts';
export { buildTemplate } from './template.ts';
