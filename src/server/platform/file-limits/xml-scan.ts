import { MAX_COLUMNS, MAX_SHEET_ROWS, MAX_TAG_BYTES, MAX_TEXT_BYTES, MAX_XML_DEPTH, refuse } from './limits.ts';

/**
 * A byte-level pass over one XML part of an archive, in constant memory, before any XML
 * parser sees it. It refuses what the parsers would choke on or expand: DOCTYPE / ENTITY
 * declarations (billion laughs: spreadsheets never carry a DTD), nesting deeper than any
 * spreadsheet, a tag or a cell's text past its cap (a 2 GiB cell would otherwise become one
 * JS string), and, in worksheets, rows, cells per row and cell references beyond the sheet
 * (exceljs allocates one column object per column up to the highest one it meets).
 * It is not a validating parser: malformed XML that passes is refused later by the parser.
 */
/** sheet: a worksheet; strings: the shared strings; other: any other spreadsheet part; document: a part of an attached document (text runs not capped: never parsed here). */
export type PartKind = 'sheet' | 'strings' | 'other' | 'document';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QMARK = 0x3f;
const DQ = 0x22;
const SQ = 0x27;

const enum S {
  Text,
  Lt,
  Name,
  Tag,
  Bang,
  Comment,
  Cdata,
}

/** Elements whose attributes are checked (worksheets). */
const WATCHED = new Set(['row', 'c', 'col']);
/** Elements inside one cell's value or shared string: their text adds up to that cell's. */
const INSIDE_CELL = new Set(['v', 'f', 'is', 't', 'r', 'rPr', 'b', 'i', 'u', 'sz', 'color', 'rFont', 'family', 'scheme', 'strike', 'vertAlign', 'charset', 'outline', 'shadow', 'condense', 'extend', 'rPh', 'phoneticPr']);

export class XmlScanner {
  private state = S.Text;
  private depth = 0;
  private run = 0; // bytes of the current text run, comment or tag
  private cellText = 0; // text bytes since the current cell (c) or shared string (si) opened
  private name = '';
  private watched = false;
  private attrs = '';
  private quote = 0;
  private lastSlash = false;
  private closing = false;
  private bang = '';
  private tailMatch = 0; // how much of "-->" or "]]>" has been seen
  private rows = 0;
  private cellsInRow = 0;

  constructor(
    private readonly kind: PartKind,
    private readonly maxRows: number,
  ) {}

  get rowCount(): number {
    return this.rows;
  }

  write(buf: Buffer): void {
    const n = buf.length;
    let i = 0;
    while (i < n) {
      switch (this.state) {
        case S.Text: {
          const lt = buf.indexOf(LT, i);
          const stop = lt < 0 ? n : lt;
          this.text(stop - i);
          if (lt < 0) return;
          this.state = S.Lt;
          this.run = 1;
          i = lt + 1;
          break;
        }
        case S.Lt: {
          const b = buf[i]!;
          this.closing = b === SLASH;
          if (b === BANG) {
            this.state = S.Bang;
            this.bang = '';
          } else if (b === QMARK || b === SLASH) {
            if (b === SLASH) this.depth--;
            this.startTag('', false);
          } else {
            if (++this.depth > MAX_XML_DEPTH) throw refuse.tooDeep();
            this.name = String.fromCharCode(b);
            this.state = S.Name;
          }
          this.run++;
          i++;
          break;
        }
        case S.Name: {
          const b = buf[i]!;
          if (b <= 0x20 || b === SLASH || b === GT) {
            this.opened();
            continue; // the byte ends the name and is read again as part of the tag
          }
          if (this.name.length < 64) this.name += String.fromCharCode(b);
          this.tick();
          i++;
          break;
        }
        case S.Tag:
          i = this.tag(buf, i);
          break;
        case S.Bang: {
          this.bang += String.fromCharCode(buf[i]!);
          this.tick();
          i++;
          if (this.bang === '--') this.enter(S.Comment);
          else if (this.bang === '[CDATA[') this.enter(S.Cdata);
          else if (!'--'.startsWith(this.bang) && !'[CDATA['.startsWith(this.bang)) throw refuse.doctype(); // <!DOCTYPE, <!ENTITY, …
          break;
        }
        case S.Comment:
        case S.Cdata: {
          const b = buf[i]!;
          const want = this.state === S.Comment ? '-->' : ']]>';
          // both ends start with a doubled character: "--->" and "]]]>" still end at their ">"
          if (b === want.charCodeAt(this.tailMatch)) this.tailMatch++;
          else if (b === want.charCodeAt(0)) this.tailMatch = this.tailMatch === 2 ? 2 : 1;
          else this.tailMatch = 0;
          if (this.state === S.Cdata) this.text(1);
          else this.tick();
          i++;
          if (this.tailMatch === 3) {
            this.state = S.Text;
            this.run = 0;
          }
          break;
        }
      }
    }
  }

  /** The part ended: inside a tag or comment means a cut file. */
  end(): void {
    if (this.state !== S.Text) throw refuse.damaged();
  }

  private enter(state: S.Comment | S.Cdata): void {
    this.state = state;
    this.tailMatch = 0;
  }

  private tick(): void {
    if (++this.run > MAX_TAG_BYTES) throw refuse.tooDeep();
  }

  private text(bytes: number): void {
    this.run += bytes;
    this.cellText += bytes;
    if (this.kind === 'document') return;
    if (this.run > MAX_TEXT_BYTES || this.cellText > MAX_TEXT_BYTES) throw refuse.cellTooLong();
  }

  private startTag(name: string, watched: boolean): void {
    this.name = name;
    this.watched = watched;
    this.attrs = '';
    this.quote = 0;
    this.lastSlash = false;
    this.state = S.Tag;
  }

  /** An element's name is complete: count rows and cells, and start collecting attributes to check. */
  private opened(): void {
    const local = this.name.slice(this.name.indexOf(':') + 1);
    if (!INSIDE_CELL.has(local)) this.cellText = 0;
    const watched = this.kind === 'sheet' && WATCHED.has(local);
    if (local === 'row' && watched) {
      if (++this.rows > this.maxRows) throw refuse.tooManyRows(this.maxRows);
      this.cellsInRow = 0;
    } else if (local === 'c' && watched && ++this.cellsInRow > MAX_COLUMNS) throw refuse.tooManyColumns();
    this.startTag(local, watched);
  }

  private tag(buf: Buffer, from: number): number {
    const n = buf.length;
    for (let i = from; i < n; i++) {
      const b = buf[i]!;
      this.tick();
      if (this.quote) {
        if (b === this.quote) this.quote = 0;
      } else if (b === DQ || b === SQ) {
        this.quote = b;
        this.lastSlash = false;
      } else if (b === GT) {
        if (this.watched) this.attrs += buf.toString('latin1', from, i);
        if (this.lastSlash && !this.closing) this.depth--; // <x/>
        if (this.watched) checkAttributes(this.name, this.attrs);
        this.state = S.Text;
        this.run = 0;
        return i + 1;
      } else if (b > 0x20) this.lastSlash = b === SLASH;
    }
    if (this.watched) this.attrs += buf.toString('latin1', from, n);
    return n;
  }
}

const ATTRIBUTE = /([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const CELL_REF = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Worksheet attributes exceljs turns into allocations: cell references, row numbers, column ranges. */
function checkAttributes(element: string, attrs: string): void {
  for (const m of attrs.matchAll(ATTRIBUTE)) {
    const name = m[1]!;
    const value = m[2] ?? m[3] ?? '';
    if (element === 'c' && name === 'r') {
      const ref = CELL_REF.exec(value);
      if (!ref) throw refuse.outsideSheet();
      if (columnNumber(ref[1]!) > MAX_COLUMNS || Number(ref[2]) > MAX_SHEET_ROWS || Number(ref[2]) < 1) throw refuse.outsideSheet();
    } else if (element === 'row' && name === 'r') {
      if (!/^\d{1,7}$/.test(value) || Number(value) > MAX_SHEET_ROWS) throw refuse.outsideSheet();
    } else if (element === 'col' && (name === 'min' || name === 'max')) {
      if (!/^\d{1,5}$/.test(value) || Number(value) > MAX_COLUMNS) throw refuse.outsideSheet();
    }
  }
}
