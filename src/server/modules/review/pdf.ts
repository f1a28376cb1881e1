import { t } from '../../platform/i18n/index.ts';
import { layoutChart } from './chart.ts';
import { ACCENT, collect, INK, MARGIN, MUTED, pageFooters, Writer } from './pdf-writer.ts';
import type { IndicatorBlock, ObjectiveSection, ReportModel, SectionText } from './model.ts';

/**
 * The report as PDF, drawn on the server with pdfkit (no browser), from the document model only
 * (docs/adr/0013). DejaVu Sans is embedded (subset) from the `dejavu-fonts-ttf` package, so
 * Spanish accents and ñ are real glyphs whatever the reader's machine has (pdf-writer.ts). The
 * same model and texts give the same bytes: the creation date is the report's as-of date.
 */

function sectionText(w: Writer, text: SectionText | undefined) {
  if (!text?.body.trim()) return;
  if (text.status === 'draft') w.para(t(w.l, 'review.h.draftText', { version: text.version }), { font: 'bold', color: '#b5520c', size: 8.5 });
  for (const p of text.body.split(/\n\s*\n/)) w.para(p.trim(), { size: 10 });
  w.doc.moveDown(0.3);
}

function indicator(w: Writer, b: IndicatorBlock) {
  const l = w.l;
  w.heading(`${b.code} — ${b.name}${b.nameDraft ? ` (${t(l, 'review.draftTranslation')})` : ''}`, 4);
  w.para(`${t(l, 'review.col.unit')}: ${b.unit} · ${b.directionLabel} · ${b.provenance}`, { size: 8, color: MUTED });
  const fig = (x: IndicatorBlock['rows'][number]['baseline']) => (x ? `${x.text} (${x.period}) [${x.cite}]` : '—');
  const u = w.width;
  w.table(
    [
      { title: t(l, 'review.col.country'), width: u * 0.26 },
      { title: t(l, 'review.col.baseline'), width: u * 0.2, align: 'right' },
      { title: t(l, 'review.col.latest'), width: u * 0.2, align: 'right' },
      { title: t(l, 'review.col.cagr'), width: u * 0.1, align: 'right' },
      { title: t(l, 'review.col.status'), width: u * 0.24 },
    ],
    b.rows.map((r) => [r.countryName, fig(r.baseline), fig(r.latest), r.cagr ?? '—', r.statusLabel]),
  );
}

function chart(w: Writer, s: ObjectiveSection) {
  const g = layoutChart(s.chart, w.width);
  w.heading(t(w.l, 'review.h.chart'), 3);
  w.ensure(g.height + 20);
  const doc = w.doc;
  const x0 = MARGIN;
  const y0 = doc.y;
  for (const r of g.rects) doc.rect(x0 + r.x, y0 + r.y, r.w, r.h).fill(r.fill);
  doc.font('body');
  for (const lb of g.labels) {
    doc.fontSize(lb.size).fillColor(lb.fill);
    const tw = doc.widthOfString(lb.text);
    const x = lb.anchor === 'start' ? lb.x : lb.anchor === 'middle' ? lb.x - tw / 2 : lb.x - tw;
    doc.text(lb.text, x0 + x, y0 + lb.y, { lineBreak: false, baseline: 'alphabetic' });
  }
  doc.x = MARGIN;
  doc.y = y0 + g.height + 4;
  w.para(s.chart.title, { size: 8, color: MUTED });
}

function objective(w: Writer, s: ObjectiveSection) {
  const l = w.l;
  const c = s.commitments;
  w.heading(t(l, 'review.h.indicators'), 3);
  if (!s.indicators.length) w.para(t(l, 'review.gap.noIndicator'));
  for (const b of s.indicators) indicator(w, b);
  if (s.chart.bars.length) chart(w, s);
  w.heading(t(l, 'review.h.practices'), 3);
  w.para(`${t(l, 'review.practicesCount', { n: s.practices.total })}${s.practices.countries ? ` ${t(l, 'review.practicesCountries', { list: s.practices.countries })}` : ''}`);
  w.bullets(s.practices.highlighted.map((p) => `${p.title} — ${p.kind}; ${p.countries}${p.published ? `; ${p.published}` : ''}`));
  w.heading(t(l, 'review.h.commitments'), 3);
  if (!c.roadmaps.length && !c.pledges.length) w.para(t(l, 'review.noCommitments'));
  if (c.roadmaps.length) {
    w.para(`${t(l, 'review.actionsByStatus')}: ${c.actionsByStatus.map((x) => `${x.label} ${x.count}`).join(', ') || '—'}`);
    w.bullets(c.roadmaps.map((r) => `${r.title} — ${t(l, 'review.actions', { n: r.actions })}${r.byStatus.length ? ` (${r.byStatus.map((x) => `${x.label} ${x.count}`).join(', ')})` : ''}`));
  }
  if (c.pledges.length) {
    w.para(`${t(l, 'review.h.pledges')}:`);
    w.bullets(c.pledges.map((p) => `${p.title} — ${p.countries}; ${p.statusLabel}`));
  }
  w.heading(t(l, 'review.h.gaps'), 3);
  if (s.gaps.length) w.bullets(s.gaps);
  else w.para(t(l, 'review.noGaps'));
}

export function renderPdf(model: ReportModel, texts: Map<string, SectionText>): Promise<Buffer> {
  const w = new Writer({ language: model.language, title: model.title, subject: model.subtitle, date: new Date(model.asOf) });
  const { doc, l } = { doc: w.doc, l: w.l };
  const done = collect(doc);

  // Cover.
  doc.y = 200;
  w.para(model.subtitle, { size: 12, color: ACCENT });
  w.heading(model.title, 1);
  doc.moveDown(1);
  for (const [k, v] of [
    ['scope', model.scopeText],
    ['period', model.periodText],
    ['asOf', model.asOfText],
  ] as const)
    w.para(`${t(l, `review.cover.${k}`)}: ${v}`, { size: 11 });

  // Contents: a page kept now, written once every section's page is known.
  doc.addPage();
  const contentsPage = doc.bufferedPageRange().count - 1;
  const entries: { title: string; page: number; dest: string; level: number }[] = [];
  const start = (title: string, dest: string, level = 0) => {
    doc.addPage();
    entries.push({ title, page: doc.bufferedPageRange().count - 1, dest, level });
    doc.addNamedDestination(dest);
    doc.outline.addItem(title);
    w.heading(title, 2);
  };

  start(t(l, 'review.h.summary'), 'summary');
  sectionText(w, texts.get('summary'));
  w.table(
    [
      { title: t(l, 'review.col.figure'), width: w.width * 0.75 },
      { title: t(l, 'review.col.value'), width: w.width * 0.25, align: 'right' },
    ],
    model.summary.map((f) => [f.label, f.value]),
    9.5,
  );

  for (const s of model.sections) {
    start(`${t(l, 'review.h.objective', { n: s.number })} ${s.title}`, s.key);
    sectionText(w, texts.get(s.key));
    objective(w, s);
  }

  start(t(l, 'review.h.annex'), 'annex');
  sectionText(w, texts.get('annex'));
  w.heading(t(l, 'review.h.sources'), 3);
  w.bullets(model.annex.sources);
  w.heading(t(l, 'review.h.method'), 3);
  for (const m of model.annex.method) w.para(m);
  w.heading(t(l, 'review.h.suppression'), 3);
  w.para(model.annex.suppression);

  start(t(l, 'review.h.citations'), 'citations');
  if (!model.citations.length) w.para(t(l, 'review.noCitations'));
  if (model.citations.length) {
    w.para(model.citationsIntro, { size: 8.5 });
    const u = w.width;
    w.table(
      [
        { title: t(l, 'review.colCite.n'), width: u * 0.07, align: 'right' },
        { title: t(l, 'review.colCite.what'), width: u * 0.35 },
        { title: t(l, 'review.colCite.revision'), width: u * 0.22 },
        { title: t(l, 'review.colCite.origin'), width: u * 0.11 },
        { title: t(l, 'review.colCite.source'), width: u * 0.25 },
      ],
      model.citations.map((c) => [String(c.n), c.what, c.revision, c.origin, c.source]),
      7,
    );
  }

  // Contents, then page numbers in every footer but the cover's.
  doc.switchToPage(contentsPage);
  doc.x = MARGIN;
  doc.y = MARGIN;
  w.heading(t(l, 'review.h.contents'), 2);
  doc.font('body').fontSize(10).fillColor(INK);
  for (const e of entries) {
    const y = doc.y;
    const num = String(e.page + 1);
    doc.text(e.title, MARGIN, y, { width: w.width - 40, goTo: e.dest });
    const after = doc.y;
    doc.text(num, MARGIN + w.width - 40, y, { width: 40, align: 'right', goTo: e.dest });
    doc.y = Math.max(after, doc.y) + 2;
  }
  pageFooters(w, (n, all) => `${model.title} · ${t(l, 'review.pageOf', { n, total: all })}`, 1);
  doc.end();
  return done;
}
