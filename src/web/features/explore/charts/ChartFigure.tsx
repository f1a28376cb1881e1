import { useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useCountryName, useLang } from '../../../app/hooks.ts';
import type { ReleaseRef } from '../api.ts';
import { formatDate } from '../format.ts';
import { colorOf, dashOf } from './geometry.ts';

export interface TableAlt {
  head: string[];
  /** false when the columns after the first are words (dates, states), not figures */
  numeric?: boolean;
  rows: { key: string; cells: string[]; suppressed?: boolean }[];
}

/** Rows of a chart's data table drawn before it is opened (the ranking chart shows 25 bars). */
const PREVIEW_ROWS = 30;

/**
 * Every chart of the observatory in one frame: title, a text summary (read by screen
 * readers with the chart), legend, suppressed-cell legend, where the figures come from
 * (the API's releases), a ready citation, the data table, and PNG/SVG downloads.
 */
export function ChartFigure(props: {
  title: string;
  summary: string;
  legend?: { key: string; label: string }[];
  hasSuppressed: boolean;
  releases: ReleaseRef[];
  /** A source line of its own, instead of the releases' (the incidents' figures are records, not releases). */
  source?: string;
  unreleased?: boolean;
  table: TableAlt;
  fileName: string;
  compact?: boolean;
  /** The title's heading level: 1 where the chart is the whole page (embed), 2 where it is the page's first section (corridors, mirror), else 3. */
  level?: 1 | 2 | 3;
  /**
   * The section's own heading already says the title (the explorer's view title): it is kept
   * for the chart's accessible name but not shown or announced a second time (issue 21).
   */
  titleInHeading?: boolean;
  extra?: ReactNode;
  /** A ranking drawn from published cells only: how many categories are confidential and have no bar. */
  confidentialCategories?: number;
  children: (ids: { titleId: string; descId: string; svgRef: React.RefObject<SVGSVGElement | null> }) => ReactNode;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const countryName = useCountryName();
  const id = useId();
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const svgRef = useRef<SVGSVGElement>(null);
  const Heading = (['h1', 'h2', 'h3'] as const)[(props.level ?? 3) - 1]!;
  // The citation names the address and the day of reading once someone opens it.
  const [citing, setCiting] = useState(false);
  // A long table (every nationality: hundreds of rows) is drawn in full once opened; closed,
  // its first rows are enough, and the browser adopts a page without hundreds of hidden rows.
  const [tabling, setTabling] = useState(false);
  // One line per producer, as the data API writes it ("Fuente: …, compilado por …; en el
  // Observatorio: …"); a release without them (an older answer) says only when it was released.
  // Revision ids are in "Cómo citar" only.
  const producerLines = [...new Set(props.releases.flatMap((r) => r.source ?? []))];
  const sources = props.releases
    .filter((r) => !r.source?.length)
    .map((r) => t('explore.figure.releaseLine', { country: countryName(r.country), date: formatDate(lang, r.releasedAt) }));

  return (
    <figure className="obs-figure" data-testid="chart-figure">
      <figcaption>
        {props.titleInHeading ? (
          <span id={titleId} className="visually-hidden">
            {props.title}
          </span>
        ) : (
          <Heading id={titleId} className="obs-figure-title">
            {props.title}
          </Heading>
        )}
        <p id={descId} className="obs-summary" data-testid="chart-summary">
          {props.summary}
        </p>
      </figcaption>
      {props.legend && props.legend.length > 1 ? (
        <ul className="obs-legend" aria-label={t('explore.figure.legend')}>
          {props.legend.map((l, i) => (
            <li key={l.key}>
              <svg width="28" height="12" aria-hidden="true" focusable="false">
                <line x1="1" x2="27" y1="6" y2="6" stroke={colorOf(i)} strokeWidth="3" strokeDasharray={dashOf(i)} />
              </svg>
              {l.label}
            </li>
          ))}
        </ul>
      ) : null}
      {props.children({ titleId, descId, svgRef })}
      {props.confidentialCategories ? (
        <p className="obs-suppressed-legend" data-testid="confidential-categories">
          {t('explore.figure.confidentialCategories', { count: props.confidentialCategories })}
        </p>
      ) : null}
      {props.hasSuppressed ? (
        <p className="obs-suppressed-legend" data-testid="suppressed-legend">
          <span className="obs-hatch" aria-hidden="true" /> {t('explore.figure.suppressedLegend')}
        </p>
      ) : null}
      <div className="obs-source" data-testid="chart-source">
        <p>
          {props.source ?? (
            <>
              {producerLines.map((line, i) => (
                <span key={line} data-testid="source-line">
                  {i ? <br /> : null}
                  {line}
                </span>
              ))}
              {sources.length || !producerLines.length ? (
                <>
                  {producerLines.length ? <br /> : null}
                  <strong>{t('explore.figure.source')}</strong> {sources.length ? sources.join(' · ') : t('explore.figure.noRelease')}
                </>
              ) : null}
            </>
          )}
          {props.unreleased ? ` ${t('explore.figure.unreleased')}` : ''}
        </p>
      </div>
      <>
          <details className="obs-details" onToggle={(e) => setCiting(e.currentTarget.open)}>
            <summary>{t('explore.figure.citationTitle')}</summary>
            <p className="obs-citation" data-testid="citation">
              <Citation title={props.title} reading={citing} releases={props.releases} />
            </p>
          </details>
          <details className="obs-details" data-testid="data-table" onToggle={(e) => setTabling(e.currentTarget.open)}>
            <summary>{t('explore.figure.dataTable')}</summary>
            <DataTable caption={props.title} table={tabling || props.table.rows.length <= PREVIEW_ROWS ? props.table : { ...props.table, rows: props.table.rows.slice(0, PREVIEW_ROWS) }} />
            {/* Seen only where the page is read without JavaScript: with it, opening the table draws every row. */}
            {!tabling && props.table.rows.length > PREVIEW_ROWS ? <p className="hint">{t('explore.figure.tablePreview', { shown: PREVIEW_ROWS, total: props.table.rows.length })}</p> : null}
          </details>
          {props.compact ? null : <div className="obs-chart-downloads">
            <button type="button" className="button-secondary button-small" onClick={() => svgRef.current && downloadSvg(svgRef.current, props.fileName)}>
              {t('explore.figure.downloadSvg')}
            </button>{' '}
            <button type="button" className="button-secondary button-small" onClick={() => svgRef.current && void downloadPng(svgRef.current, props.fileName)}>
              {t('explore.figure.downloadPng')}
            </button>
            {props.extra}
          </div>}
        </>
    </figure>
  );
}

/**
 * How to cite the figure. The address and the day of reading are the browser's: they are
 * written once the reader opens the citation (formatting a date first costs a phone several
 * milliseconds while the page is being adopted). `reading` is only ever set by the citation's
 * toggle handler, so the page is adopted by then (ADR 0008); not waiting for hydration spares
 * every chart a second render right after the page is adopted.
 */
function Citation({ title, reading, releases }: { title: string; reading: boolean; releases: ReleaseRef[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const countryName = useCountryName();
  const text = t('explore.figure.citation', {
    title,
    year: String(new Date().getUTCFullYear()),
    url: reading ? window.location.href : '',
    date: reading ? formatDate(lang, new Date().toISOString()) : '',
  });
  // the exact releases (revision ids) belong here, not in the source line; dates are formatted once opened, as above
  if (!reading || releases.length === 0) return text;
  const list = releases.map((r) => t('explore.figure.citationRelease', { country: countryName(r.country), date: formatDate(lang, r.releasedAt), revision: r.id.slice(0, 8) })).join('; ');
  return `${text} ${t('explore.figure.citationReleases', { list })}`;
}

export function DataTable({ caption, table, testId }: { caption: string; table: TableAlt; testId?: string }) {
  const { t } = useTranslation();
  const num = table.numeric === false ? undefined : 'num';
  // The scrolling region says it is the table: the section around it often bears the same
  // title, and two landmarks with one name cannot be told apart in a screen reader's list.
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t('explore.figure.tableRegion', { caption })}>
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {table.head.map((h, i) => (
              <th key={i} scope="col" className={i > 0 ? num : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r) => (
            <tr key={r.key} data-key={r.key}>
              {r.cells.map((c, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {c}
                  </th>
                ) : (
                  <td key={i} className={num}>
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function serialize(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return new XMLSerializer().serializeToString(clone);
}

function save(href: string, name: string) {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export function downloadSvg(svg: SVGSVGElement, name: string): void {
  save(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(serialize(svg))}`, `${name}.svg`);
}

/** PNG: the same SVG drawn on a canvas at twice its size (data: URLs, allowed by the page's policy). */
export async function downloadPng(svg: SVGSVGElement, name: string): Promise<void> {
  const w = Number(svg.getAttribute('width')) || svg.clientWidth;
  const h = Number(svg.getAttribute('height')) || svg.clientHeight;
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(serialize(svg))}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = w * 2;
  canvas.height = h * 2;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.scale(2, 2);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(img, 0, 0, w, h);
  save(canvas.toDataURL('image/png'), `${name}.png`);
}
