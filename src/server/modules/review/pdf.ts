import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { t, type Locale } from '../../platform/i18n/index.ts';
import { layoutChart } from './chart.ts';
import type { IndicatorBlock, ObjectiveSection, ReportModel, SectionText } from './model.ts';

/**
 * The report as PDF, drawn on the server with pdfkit (no browser), from the document model only
 * (docs/adr/0013). DejaVu Sans is embedded (subset) from the `dejavu-fonts-ttf` package, so
 * Spanish accents and ñ are real glyphs whatever the reader's machine has. The same model and
 * texts give the same bytes: the creation date is the report's as-of date, and pdfkit derives
 * the file ID from the document information (so from that date and the title).
 */

const FONT_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
let fonts: { regular: Buffer; bold: Buffer; italic: Buffer } | null = null;
function fontFiles() {
  // Read once per process: parsing is per document, reading the files need not be.
  fonts ??= {
    regular: fs.readFileSync(path.join(FONT_DIR, 'DejaVuSans.ttf')),
    bold: fs.readFileSync(path.join(FONT_DIR, 'DejaVuSans-Bold.ttf')),
    italic: fs.readFileSync(path.join(FONT_DIR, 'DejaVuSans-Oblique.ttf')),
  };
  return fonts;
}

const MARGIN = 50;
const INK = '#1a1a1a';
const ACCENT = '#1f5f99';
const MUTED = '#555555';

class Writer {
  readonly doc: PDFKit.PDFDocument;
  readonly width: number;
  constructor(
    readonly l: Locale,
    model: ReportModel,
  ) {
    const asOf = new Date(model.asOf);
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
      bufferPages: true,
      autoFirstPage: false,
      lang: model.language,
      displayTitle: true,
      info: { Title: model.title, Subject: model.subtitle, Author: 'Observatorio', Creator: 'Observatorio', Producer: 'Observatorio (pdfkit)', CreationDate: asOf, ModDate: asOf },
    });
    const f = fontFiles();
    this.doc.registerFont('body', f.regular);
    this.doc.registerFont('bold', f.bold);
    this.doc.registerFont('italic', f.italic);
    this.doc.addPage();
    this.width = this.doc.page.width - 2 * MARGIN;
  }
  get bottom() {
    return this.doc.page.height - MARGIN;
  }
  ensure(h: number) {
    if (this.doc.y + h > this.bottom) this.doc.addPage();
  }
  heading(text: string, level: 1 | 2 | 3 | 4) {
    const size = { 1: 22, 2: 16, 3: 12.5, 4: 10.5 }[level];
    this.doc.font('bold').fontSize(size);
    const h = this.doc.heightOfString(text, { width: this.width });
    this.ensure(h + 40); // a heading is never the last line of a page
    if (level <= 3) this.doc.moveDown(level === 2 ? 0.2 : 0.6);
    this.doc.fillColor(level === 2 ? ACCENT : INK).text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }
  para(text: string, o: { size?: number; font?: 'body' | 'bold' | 'italic'; color?: string; indent?: number } = {}) {
    this.doc.font(o.font ?? 'body').fontSize(o.size ?? 9.5);
    const x = MARGIN + (o.indent ?? 0);
    const width = this.width - (o.indent ?? 0);
    const h = this.doc.heightOfString(text, { width });
    this.ensure(Math.min(h, 40));
    this.doc.fillColor(o.color ?? INK).text(text, x, this.doc.y, { width });
    this.doc.moveDown(0.25);
  }
  bullets(items: string[]) {
    for (const it of items) this.para(`•  ${it}`, { indent: 8 });
  }
  /** A table whose header row is drawn again on every page it runs onto. */
  table(cols: { title: string; width: number; align?: 'left' | 'right' }[], rows: string[][], size = 8) {
    const doc = this.doc;
    const pad = 2.5;
    // Most cells hold one line: measured by width alone and written without the line
    // wrapper, which is most of the cost of a long table; others wrap as usual.
    const measure = (cells: string[], font: string) => {
      doc.font(font).fontSize(size);
      const line = doc.currentLineHeight(true);
      const widths = cells.map((c) => doc.widthOfString(c));
      const fits = widths.map((w, i) => w <= (cols[i]?.width ?? 50) - 2 * pad);
      const h = Math.max(...cells.map((c, i) => (fits[i] ? line : doc.heightOfString(c, { width: (cols[i]?.width ?? 50) - 2 * pad })))) + 2 * pad;
      return { h, fits, widths };
    };
    const draw = (cells: string[], font: string, fill: string | null, m = measure(cells, font)) => {
      const y = doc.y;
      if (fill) doc.rect(MARGIN, y, this.width, m.h).fill(fill);
      let x = MARGIN;
      doc.font(font).fontSize(size).fillColor(INK);
      cells.forEach((c, i) => {
        const col = cols[i]!;
        if (m.fits[i]) {
          const left = col.align === 'right' ? x + col.width - pad - (m.widths[i] ?? 0) : x + pad;
          doc.text(c, left, y + pad, { lineBreak: false });
        } else doc.text(c, x + pad, y + pad, { width: col.width - 2 * pad, align: col.align ?? 'left' });
        x += col.width;
      });
      doc
        .moveTo(MARGIN, y + m.h)
        .lineTo(MARGIN + this.width, y + m.h)
        .lineWidth(0.4)
        .strokeColor('#bbbbbb')
        .stroke();
      doc.x = MARGIN;
      doc.y = y + m.h;
    };
    const header = cols.map((c) => c.title);
    const first = rows[0] ? measure(rows[0], 'body').h : 0;
    this.ensure(measure(header, 'bold').h + first);
    draw(header, 'bold', '#eef3f8');
    for (const r of rows) {
      const m = measure(r, 'body');
      if (doc.y + m.h > this.bottom) {
        doc.addPage();
        draw(header, 'bold', '#eef3f8');
      }
      draw(r, 'body', null, m);
    }
    doc.moveDown(0.6);
  }
}

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
  const w = new Writer(model.language, model);
  const { doc, l } = { doc: w.doc, l: w.l };
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

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
  const total = doc.bufferedPageRange().count;
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
  for (let i = 1; i < total; i++) {
    doc.switchToPage(i);
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // the footer sits in the margin: no new page for it
    doc
      .font('body')
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(`${model.title} · ${t(l, 'review.pageOf', { n: i + 1, total })}`, MARGIN, doc.page.height - MARGIN + 18, { width: w.width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = keep;
  }
  doc.end();
  return done;
}
