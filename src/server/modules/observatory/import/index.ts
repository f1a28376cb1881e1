export { applySubmission } from './apply.ts';
export { MAX_INSPECT_BYTES, inspectFile } from './inspect.ts';
export { MappingStore, columnMappingSchema, savedMappingFields, useSavedMapping, type SavedMappingRequest } from './mappings.ts';
export { openSource } from './reader.ts';
export { INTERRUPTED_KEY, START_GRACE_SECONDS, sweepInterrupted, type JobProbe, type SweepResult } from './recovery.ts';
export { dropStage } from './staging.ts';
export { SUBMITTERS, accessSubmission, notApplicable, submissionReport, submitFile, validateSubmission, type ImportDeps, type SubmitInput } from './submit.ts';
export { tempFile } from './temp-file.ts';
export { type ColumnMapping } from './validate.ts';
