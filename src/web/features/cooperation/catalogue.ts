/** The catalogue import's answers (src/server/modules/practices/catalogue-*.ts) as the page reads them. */
export const CATALOGUE_FIELDS = ['title', 'summary', 'year', 'countries', 'themes', 'links', 'goodPractice', 'objectives', 'kind', 'language'] as const;
export interface CataloguePreview {
  checksum: string;
  organisation: string;
  rows: number;
  canApply: boolean;
  toCreate: number;
  duplicates: number;
  columns: { header: string; field: string | null; by: 'header' | 'mapping' | 'none' }[];
  items: {
    row: number;
    title: string;
    countries: string[];
    objectives: number[];
    objectivesFrom: 'file' | 'suggestion';
    suggestions: { objective: number; score: number }[];
    duplicateOf: { id: string; slug: string; title: Record<string, string>; similarity: number } | null;
    duplicateOfRow: number | null;
  }[];
  errors: { row: number; column: string; value: string; message: string }[];
  notes: { row: number; message: string }[];
}
