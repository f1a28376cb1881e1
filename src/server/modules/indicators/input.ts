import type { Database } from '../../platform/db/database.ts';
import type { FileStore } from '../../platform/files.ts';
import { ReportedValues } from './reported.ts';
import { SdgImports, TemplateIO } from './input-files.ts';
import './input-tables.ts';

/**
 * Values that arrive from people and files (issue 18 item 2: reported and imported), wired
 * by the composition root: the focal points' reports (form, evidence, XLSX template), the
 * secretariat's validation queue and the import of a custodian's SDG file.
 */
export { indicatorInputRoutes } from './input-routes.ts';
export { ReportedValues } from './reported.ts';
export { SdgImports, TemplateIO } from './input-files.ts';

export function indicatorInputs(db: Database, files: FileStore) {
  const reported = new ReportedValues(db, files);
  return { reported, template: new TemplateIO(db, reported, files), sdg: new SdgImports(db, files) };
}
