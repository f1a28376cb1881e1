import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { columnLabel, type AuditLabelSource } from '../../platform/audit/labels.ts';

/** Public surface of the review module (the regional review report). */
export { ReviewService, REPORT_WRITERS } from './service.ts';
export { ReviewSources, type ReviewIndicators } from './sources.ts';
export { reviewRoutes } from './routes.ts';
export { renderHtml } from './html.ts';
export { renderPdf } from './pdf.ts';
export type { ReportModel, ReportParams } from './model.ts';
export const reviewMigrations = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
/** Names the audit trail shows for this module's entities (the id stays on hover). */
export const reviewAuditLabels: Record<string, AuditLabelSource> = { review_report: columnLabel('review_report', 'title') };
/** The shared A4 pdfkit drawing helper (embedded DejaVu fonts, deterministic bytes). */
export { Writer as PdfWriter, collect as pdfBytes, pageFooters as pdfPageFooters, MARGIN as PDF_MARGIN, INK as PDF_INK, ACCENT as PDF_ACCENT, MUTED as PDF_MUTED, type DocumentInfo as PdfDocumentInfo } from './pdf-writer.ts';
