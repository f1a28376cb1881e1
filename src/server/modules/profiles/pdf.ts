import { t } from '../../platform/i18n/index.ts';
import { PDF_ACCENT, PDF_MUTED, pdfBytes, pdfPageFooters, PdfWriter } from '../review/index.ts';
import type { Cell, ProfileModel } from './model.ts';
import { formatNumber, formatPeriod, shortPeriod } from './numbers.ts';

/**
 * The country profile as an A4 PDF, drawn on the server with the review report's pdfkit helper
 * (embedded DejaVu fonts, so accents are real glyphs). Tables, not charts: each figure can be
 * read and quoted. The same released data give the same bytes (the date is the latest
 * release's, never "now").
 */
export function renderProfilePdf(m: ProfileModel, pageUrl: string): Promise<Buffer> {
  const l = m.language;
  const title = t(l, 'profile.title', { country: m.countryName });
  const w = new PdfWriter({ language: l, title, subject: t(l, 'profile.subject'), date: m.asOf });
  const doc = w.doc;
  const done = pdfBytes(doc);
  const text = (c: Cell) => (c === null ? '—' : c.value === null ? (c.suppressed ? t(l, 'profile.suppressed') : '—') : formatNumber(l, c.value));

  w.para(t(l, 'profile.kicker'), { size: 10, color: PDF_ACCENT });
  w.heading(title, 1);
  if (!m.latest || !m.window) {
    w.para(t(l, 'profile.noData', { country: m.countryName }), { size: 11 });
  } else {
    const period = `${formatPeriod(l, m.window.start)} – ${formatPeriod(l, m.window.end)}`;
    w.para(t(l, 'profile.intro', { period: formatPeriod(l, m.latest), unit: m.unit }), { size: 11 });

    w.heading(t(l, 'profile.latest'), 2);
    w.table(
      [
        { title: t(l, 'profile.col.flow'), width: w.width * 0.6 },
        { title: formatPeriod(l, m.latest), width: w.width * 0.4, align: 'right' },
      ],
      m.flows.map((f) => [f.name, text(f.latest)]),
      9.5,
    );

    // Months down, flows across: twelve months do not fit across an A4 page, a handful of flows do.
    w.heading(t(l, 'profile.trend', { period }), 2);
    const first = 0.18;
    const each = (1 - first) / Math.max(1, m.flows.length);
    w.table(
      [{ title: t(l, 'profile.col.month'), width: w.width * first }, ...m.flows.map((f) => ({ title: f.name, width: w.width * each, align: 'right' as const }))],
      m.months.map((p, i) => [shortPeriod(l, p), ...m.flows.map((f) => text(f.months[i] ?? null))]),
      m.flows.length > 5 ? 7 : 8.5,
    );

    w.heading(t(l, 'profile.nationalities', { period }), 2);
    for (const f of m.flows) {
      w.heading(f.name, 4);
      if (!f.nationalities.length) {
        w.para(t(l, 'profile.notReported'), { color: PDF_MUTED });
        continue;
      }
      w.table(
        [
          { title: t(l, 'profile.col.citizenship'), width: w.width * 0.6 },
          { title: t(l, 'profile.col.persons'), width: w.width * 0.4, align: 'right' },
        ],
        f.nationalities.map((n) => [n.name, text(n.cell)]),
      );
    }

    w.heading(t(l, 'profile.minimum', { period }), 2);
    const dims = m.flows[0]?.minimum.map((x) => x.dimension) ?? [];
    w.table(
      [{ title: t(l, 'profile.col.flow'), width: w.width * 0.3 }, ...dims.map((d) => ({ title: d, width: (w.width * 0.7) / Math.max(1, dims.length) }))],
      m.flows.map((f) => [f.name, ...f.minimum.map((x) => t(l, `profile.status.${x.status}`))]),
    );
    w.para(t(l, 'profile.minimumNote'), { size: 8.5, color: PDF_MUTED });
  }

  w.heading(t(l, 'profile.about'), 2);
  w.para(t(l, 'profile.suppressedNote', { n: m.suppressionThreshold }), { size: 9 });
  if (m.releases.length) w.para(t(l, 'profile.releases', { list: m.releases.map((r) => r.releasedAt.slice(0, 10)).join(', ') }), { size: 9 });
  w.para(t(l, 'profile.source', { url: pageUrl }), { size: 9 });

  pdfPageFooters(w, (n, total) => `${title} · ${t(l, 'profile.pageOf', { n, total })}`);
  doc.end();
  return done;
}
