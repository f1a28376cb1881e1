export { buildReleaseCube } from './cube.ts';
export { answerData, type DataOptions } from './data-service.ts';
export { SUPPRESSION_THRESHOLD } from './disclosure.ts';
export { EXTENSIONS, MEDIA_TYPES, fileMetadata, releasesHeader, render, type DataFormat, type RenderInput } from './formats.ts';
export { answerFromIncidents, asksIncidentFlows, type IncidentFlowPort } from './incident-flows.ts';
export { PER_CAPITA_BASES, listPopulation, loadPopulation } from './population.ts';
export { PublicDataReader, populationByCountryYear, publicNames, type PublicAnswer, type PublicNames, type PublicQuestion } from './public-read.ts';
export { monthBound, refreshRollup, resolveScope, type Access, type DataQuery } from './query.ts';
export { downloadName } from './source-lines.ts';
