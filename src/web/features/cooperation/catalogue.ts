/** The catalogue import's answers (src/server/modules/practices/catalogue-*.ts): the contract's types (ADR 0027). */
export { CATALOGUE_FIELDS } from '../../../shared/catalogue-fields.ts';
export type { CataloguePreview } from '../../../shared/contracts/catalogue.ts';
