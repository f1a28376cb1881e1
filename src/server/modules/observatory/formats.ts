import { PassThrough, Readable } from 'node:stream';
import { pick, t, type Locale } from '../../platform/i18n/index.ts';
import { csvCell } from '../../platform/csv.ts';
import { DIMENSION_IDS, TOTAL, type DimensionId, type Structure } from './structure.ts';
import type { DataQuery } from './query.ts';
import type { DataBody } from './data-service.ts';
import { definitionLines, describeFilters, licences, producerLines, sourceLines, type SourceContext } from './source-lines.ts';

/**
 * The representations of a data answer. Every one names the releases its figures come
 * from: JSON `releases` + `citation`; CSV leading `#` comment lines; SDMX-CSV (whose
 * header must be the first line) and every other format also the `X-Releases` header;
 * XLSX a sheet; SDMX-JSON `meta`. Rows are written in chunks as they are produced, never
 * joined into one string.
 */
export type DataFormat = 'json' | 'csv' | 'xlsx' | 'sdmx-csv' | 'sdmx-json';
export const MEDIA_TYPES: Record<DataFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'sdmx-csv': 'application/vnd.sdmx.data+csv; version=2.0.0; charset=utf-8',
  'sdmx-json': 'application/vnd.sdmx.data+json; version=2.0.0; charset=utf-8',
};
export const EXTENSIONS: Record<DataFormat, string> = { json: 'json', csv: 'csv', xlsx: 'xlsx', 'sdmx-csv': 'csv', 'sdmx-json': 'json' };

export interface RenderInput {
  body: DataBody;
  structure: Structure;
  query: DataQuery;
  locale: Locale;
  /** the absolute URL of the question, for the citation */
  url: string;
  now: Date;
}
type Obs = DataBody['observations'][number] & Record<string, unknown>;
const CHUNK = 2000;

/** `CRI:<id>@<released at>,PAN:…` — the HTTP header form. */
export function releasesHeader(body: DataBody): string {
  const parts = body.releases.map((r) => `${r.country}:${r.id}@${r.releasedAt}`);
  if ('unreleased' in body && body.unreleased) parts.push(`unreleased:${body.unreleased === 'all' ? 'all' : body.unreleased.join('+')}`);
  return parts.join(',') || 'none';
}

/** "Cómo citar": the only place release ids are shown (their first 8 characters, as the web does). */
export function citation(inp: RenderInput): string {
  const { body, structure, locale } = inp;
  const list = body.releases.map((r) => `${r.country} ${r.releasedAt.slice(0, 10)} (${r.id.slice(0, 8)})`).join(', ');
  const releases = body.releases.length ? t(locale, 'observatory.data.citationReleases', { count: body.releases.length, list }) : t(locale, 'observatory.data.noRelease');
  return t(locale, 'observatory.data.citationText', { agency: structure.agency, dataflow: structure.urn, releases, date: inp.now.toISOString().slice(0, 10), url: inp.url });
}

function sourceContext(inp: RenderInput): SourceContext {
  const { body } = inp;
  return { structure: inp.structure, query: inp.query, releases: body.releases, sources: body.sources, unreleased: 'unreleased' in body ? body.unreleased : undefined, locale: inp.locale, incidentsSource: 'incidents' in body ? (body as { incidents: { source: string } }).incidents.source : undefined };
}

/** Who produced the figures, one line per producer (source-lines.ts). */
export function sources(inp: RenderInput): string[] {
  return sourceLines(sourceContext(inp));
}

/**
 * What a file holds, for the `#` lines of CSV and the metadata sheet of XLSX: label and
 * value pairs in the reader's language (flow, unit, filters, sources, licence, definitions, citation).
 */
export function fileMetadata(inp: RenderInput): [string, string][] {
  const c = sourceContext(inp);
  const { flow, filters } = describeFilters(c);
  const l = (k: string) => t(inp.locale, `observatory.source.label.${k}`);
  return [
    [l('dataflow'), `${inp.structure.urn} — ${pick(inp.structure.name, inp.locale)}`],
    [l('flow'), flow],
    [l('unit'), t(inp.locale, 'observatory.source.unitPersons')],
    [l('filters'), filters],
    // a source line names itself ("Fuente: …"): an empty label, so a `#` line does not say it twice
    ...sourceLines(c).map((line): [string, string] => ['', line]),
    [l('licence'), licences(c)],
    ...definitionLines(c).map((line): [string, string] => [l('definition'), line]),
    [l('citation'), citation(inp)],
  ];
}

function chunks<T>(rows: T[], line: (r: T) => string): Generator<string> {
  return (function* () {
    for (let i = 0; i < rows.length; i += CHUNK) yield rows.slice(i, i + CHUNK).map(line).join('');
  })();
}

export function renderJson(inp: RenderInput): Readable {
  const { body } = inp;
  const { observations, ...head } = body;
  // `source`: one line per producer; each release also carries the lines of its country, so a
  // chart drawing some of the answer's countries shows only their producers (web ChartFigure)
  const producers = producerLines(sourceContext(inp));
  const releases = head.releases.map((r) => ({ ...r, source: producers.filter((p) => p.countries.includes(r.country)).map((p) => p.line) }));
  const first = JSON.stringify({ ...head, releases, source: producers.map((p) => p.line), citation: citation(inp) }).slice(0, -1);
  return Readable.from(
    (function* () {
      yield `${first},"observations":[`;
      let sep = '';
      for (let i = 0; i < observations.length; i += CHUNK) {
        yield sep + observations.slice(i, i + CHUNK).map((o) => JSON.stringify(o)).join(',');
        sep = ',';
      }
      yield ']}';
    })(),
  );
}

export function renderCsv(inp: RenderInput): Readable {
  const kept = inp.query.groupBy;
  const comment = (s: string) => `# ${s.replace(/[\r\n]+/g, ' ')}\r\n`;
  return Readable.from(
    (function* () {
      yield '\uFEFF';
      yield comment(`releases: ${releasesHeader(inp.body)}`);
      yield comment(citation(inp));
      // what the file holds, after the two lines readers and scripts already know
      for (const [label, value] of fileMetadata(inp).slice(0, -1)) yield comment(label ? `${label}: ${value}` : value);
      // perCapita: the rate and the year of the population it divides by (population.ts)
      const rates = inp.query.perCapita ? ['PER_CAPITA', 'POPULATION_YEAR'] : [];
      // a partial period (its months not all reported) says so in its own column (periods.ts)
      if (kept.includes('TIME_PERIOD') && inp.query.timeAggregation !== 'month' && (inp.body.observations as Obs[]).some((o) => o.TIME_COVERAGE)) rates.unshift('TIME_COVERAGE');
      yield [...kept, 'OBS_VALUE', 'CONF_STATUS', ...rates].join(',') + '\r\n';
      yield* chunks(inp.body.observations as Obs[], (o) => [...kept.map((k) => o[k] as string), o.OBS_VALUE, o.CONF_STATUS, ...rates.map((r) => o[r] as number | string | null)].map(csvCell).join(',') + '\r\n');
    })(),
  );
}

/** The fixed value of a dimension not kept: its single filter code, or its total. */
function fixedValue(d: DimensionId | 'TIME_PERIOD', q: DataQuery): string {
  if (d === 'TIME_PERIOD') return `${q.startPeriod ?? ''}/${q.endPeriod ?? ''}`;
  return q.filters[d]?.length === 1 ? q.filters[d][0]! : TOTAL;
}

export function renderSdmxCsv(inp: RenderInput): Readable {
  const { query: q, structure } = inp;
  const dims = [...DIMENSION_IDS, 'TIME_PERIOD'] as const;
  const values = dims.map((d) => (q.groupBy.includes(d) ? null : fixedValue(d, q)));
  return Readable.from(
    (function* () {
      yield '\uFEFF';
      yield ['STRUCTURE', 'STRUCTURE_ID', 'ACTION', ...dims, 'OBS_VALUE', 'CONF_STATUS'].join(',') + '\r\n';
      yield* chunks(inp.body.observations as Obs[], (o) => ['dataflow', structure.urn, 'I', ...dims.map((d, i) => values[i] ?? (o[d] as string)), o.OBS_VALUE, o.CONF_STATUS].map(csvCell).join(',') + '\r\n');
    })(),
  );
}

/**
 * SDMX-JSON 2.0 data message: every kept dimension at observation level (the answer is a
 * table, "AllDimensions"), the others at data-set level with their single value;
 * observations keyed by the indices of their values; OBS_VALUE first, then the index of
 * CONF_STATUS. A suppressed cell is null with CONF_STATUS C.
 */
export function renderSdmxJson(inp: RenderInput): Readable {
  const { body, structure: s, query: q, locale } = inp;
  const obs = body.observations as Obs[];
  const kept = q.groupBy;
  const name = (d: string) => (d === 'TIME_PERIOD' ? t(locale, 'observatory.data.timePeriod') : pick(s.byId.get(d)?.name ?? { es: d, en: d }, locale));
  const codeName = (d: string, code: string) => {
    const c = s.byId.get(d)?.codes.get(code);
    return c ? { id: code, name: pick(c.name, locale), names: c.name } : { id: code };
  };
  const allDims = [...DIMENSION_IDS, 'TIME_PERIOD'] as (DimensionId | 'TIME_PERIOD')[];
  const valueIndex = new Map<string, Map<string, number>>(kept.map((d) => [d, new Map()]));
  for (const o of obs) for (const d of kept) {
    const m = valueIndex.get(d)!;
    const v = o[d] as string;
    if (!m.has(v)) m.set(v, m.size);
  }
  const component = (d: DimensionId | 'TIME_PERIOD', values: string[]) => ({
    id: d,
    name: name(d),
    keyPosition: allDims.indexOf(d),
    ...(d === 'TIME_PERIOD' ? { roles: ['TIME_PERIOD'] } : d === 'REF_AREA' ? { roles: ['REF_AREA'] } : {}),
    values: values.map((v) => (d === 'TIME_PERIOD' ? { id: v, value: v } : codeName(d, v))),
  });
  const structureObj = {
    links: [{ urn: `urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=${s.urn}`, rel: 'dataflow' }],
    name: pick(s.name, locale),
    dimensions: {
      dataSet: allDims.filter((d) => !kept.includes(d)).map((d) => component(d, [fixedValue(d, q)])),
      series: [],
      observation: kept.map((d) => component(d, [...valueIndex.get(d)!.keys()])),
    },
    measures: { observation: [{ id: 'OBS_VALUE', name: t(locale, 'observatory.data.value') }] },
    attributes: {
      // data-set level: the unit and where the figures come from (SDMX cross-domain concepts)
      dataSet: [
        { id: 'UNIT_MEASURE', name: t(locale, 'observatory.source.label.unit'), relationship: { dataflow: {} }, values: [{ id: 'PS', name: t(locale, 'observatory.source.unitPersons') }] },
        { id: 'SOURCE_DETAIL', name: t(locale, 'observatory.source.label.source'), relationship: { dataflow: {} }, values: [{ id: 'SOURCE', name: sources(inp).join(' ') }] },
        { id: 'LICENCE', name: t(locale, 'observatory.source.label.licence'), relationship: { dataflow: {} }, values: [{ id: 'LICENCE', name: licences(sourceContext(inp)) }] },
      ],
      series: [],
      observation: [
        {
          id: 'CONF_STATUS',
          name: t(locale, 'observatory.data.confStatus'),
          relationship: { observation: {} },
          values: [
            { id: 'F', name: t(locale, 'observatory.data.confF') },
            { id: 'C', name: t(locale, 'observatory.data.confC') },
          ],
        },
      ],
    },
  };
  const meta = {
    schema: 'https://json.sdmx.org/2.0.0/sdmx-json-data-schema.json',
    id: `${s.id}-${inp.now.getTime()}`,
    test: false,
    prepared: inp.now.toISOString(),
    contentLanguages: [locale],
    sender: { id: s.agency },
    // non-standard members (allowed in meta): where the figures come from
    releases: body.releases,
    source: sources(inp),
    ...('unreleased' in body && body.unreleased ? { unreleased: body.unreleased } : {}),
    citation: citation(inp),
  };
  const head = JSON.stringify({ meta, data: { structures: [structureObj], dataSets: [{ structure: 0, action: 'Information', attributes: [0, 0, 0], observations: {} }] } });
  // the observations are streamed into the empty object left for them
  const [before, after] = [head.slice(0, head.lastIndexOf('"observations":{}') + '"observations":{'.length), head.slice(head.lastIndexOf('"observations":{}') + '"observations":{'.length)];
  return Readable.from(
    (function* () {
      yield before;
      let sep = '';
      for (let i = 0; i < obs.length; i += CHUNK) {
        yield sep +
          obs
            .slice(i, i + CHUNK)
            .map((o) => `${JSON.stringify(kept.map((d) => valueIndex.get(d)!.get(o[d] as string)).join(':'))}:${JSON.stringify([o.OBS_VALUE, o.CONF_STATUS === 'C' ? 1 : 0])}`)
            .join(',');
        sep = ',';
      }
      yield after;
    })(),
  );
}

/** XLSX: the data with headers and code names in the reader's language, and a sheet of the releases and the citation. */
export function renderXlsx(inp: RenderInput): Readable {
  const out = new PassThrough();
  void (async () => {
    const { default: ExcelJS } = await import('exceljs');
    const { body, structure: s, query: q, locale } = inp;
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    const sheet = wb.addWorksheet(t(locale, 'observatory.data.sheet'));
    const dimName = (d: string) => (d === 'TIME_PERIOD' ? t(locale, 'observatory.data.timePeriod') : pick(s.byId.get(d)?.name ?? { es: d, en: d }, locale));
    const header: string[] = [];
    for (const d of q.groupBy) {
      if (d === 'TIME_PERIOD') header.push(dimName(d));
      else header.push(t(locale, 'observatory.data.code', { dimension: dimName(d) }), dimName(d));
    }
    header.push(t(locale, 'observatory.data.value'), t(locale, 'observatory.data.confStatus'));
    sheet.addRow(header).font = { bold: true };
    for (const o of body.observations as Obs[]) {
      const row: (string | number | null)[] = [];
      for (const d of q.groupBy) {
        const code = o[d] as string;
        if (d === 'TIME_PERIOD') row.push(code);
        else row.push(code, pick(s.byId.get(d)?.codes.get(code)?.name ?? { es: code, en: code }, locale));
      }
      row.push(o.OBS_VALUE, o.CONF_STATUS === 'C' ? t(locale, 'observatory.data.confC') : t(locale, 'observatory.data.confF'));
      sheet.addRow(row).commit();
    }
    sheet.commit();
    const rel = wb.addWorksheet(t(locale, 'observatory.data.releasesSheet'));
    rel.addRow([t(locale, 'observatory.data.citation'), citation(inp)]);
    rel.addRow([t(locale, 'observatory.data.suppressedNote', { k: s.suppressionThreshold })]);
    if ('unreleased' in body && body.unreleased) rel.addRow([t(locale, 'observatory.data.unreleased', { countries: body.unreleased === 'all' ? '*' : body.unreleased.join(', ') })]);
    rel.addRow([]);
    rel.addRow([t(locale, 'observatory.data.country'), t(locale, 'observatory.data.level'), t(locale, 'observatory.data.releasedAt'), t(locale, 'observatory.data.cutoff'), t(locale, 'observatory.data.releaseId')]).font = { bold: true };
    for (const r of body.releases) {
      rel.addRow([r.country, t(locale, r.level === 'public' ? 'observatory.data.levelPublic' : 'observatory.data.levelMembers'), r.releasedAt, r.cutoff, r.id]);
    }
    rel.commit();
    // what the workbook holds: flow, unit, filters, sources, licence, definitions, citation
    const about = wb.addWorksheet(t(locale, 'observatory.source.sheet'));
    for (const [label, value] of fileMetadata(inp)) about.addRow([label || t(locale, 'observatory.source.label.source'), value]).commit();
    about.commit();
    await wb.commit();
  })().catch((err: unknown) => out.destroy(err as Error));
  return out;
}

export function render(format: DataFormat, inp: RenderInput): Readable {
  if (format === 'csv') return renderCsv(inp);
  if (format === 'sdmx-csv') return renderSdmxCsv(inp);
  if (format === 'sdmx-json') return renderSdmxJson(inp);
  if (format === 'xlsx') return renderXlsx(inp);
  return renderJson(inp);
}
