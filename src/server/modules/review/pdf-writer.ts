import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Locale } from '../../platform/i18n/index.ts';

/**
 * The drawing helper shared by the platform's server-made PDFs (the review report here, the
 * country profile in the profiles module): an A4 pdfkit document with DejaVu Sans embedded
 * (subset) from the `dejavu-fonts-ttf` package, so Spanish accents and ñ are real glyphs
 * whatever the reader's machine has, plus headings, paragraphs, bullets and a table whose
 * header repeats on every page. The bytes are deterministic: the creation date is the caller's
 * (an as-of date, never "now"), and pdfkit derives the file ID from the document information.
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

export const MARGIN = 50;
export const INK = '#1a1a1a';
export const ACCENT = '#1f5f99';
export const MUTED = '#555555';

/** What a document says about itself (PDF information): the date makes the bytes repeatable. */
export interface DocumentInfo {
  language: Locale;
  title: string;
  subject: string;
  date: Date;
}

export class Writer {
  readonly doc: PDFKit.PDFDocument;
  readonly width: number;
  readonly l: Locale;
  constructor(info: DocumentInfo) {
    this.l = info.language;
    const asOf = info.date;
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
      bufferPages: true,
      autoFirstPage: false,
      lang: info.language,
      displayTitle: true,
      info: { Title: info.title, Subject: info.subject, Author: 'Observatorio', Creator: 'Observatorio', Producer: 'Observatorio (pdfkit)', CreationDate: asOf, ModDate: asOf },
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

/** The document's bytes once `doc.end()` is called (start listening before drawing). */
export function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** "title · page n of total" in every footer from `from` on (the footer sits in the margin). */
export function pageFooters(w: Writer, text: (n: number, total: number) => string, from = 0) {
  const doc = w.doc;
  const total = doc.bufferedPageRange().count;
  for (let i = from; i < total; i++) {
    doc.switchToPage(i);
    const keep = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // no new page for the footer
    doc
      .font('body')
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(text(i + 1, total), MARGIN, doc.page.height - MARGIN + 18, { width: w.width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = keep;
  }
}
