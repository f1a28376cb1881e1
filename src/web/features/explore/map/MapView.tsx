import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../../components/Loading.tsx';
import { useData } from '../api.ts';
import { ChartFigure } from '../charts/ChartFigure.tsx';
import { FONT, SuppressedPattern, useWidth, wrapClass } from '../charts/common.tsx';
import { useChartKeys } from '../charts/keyboard.tsx';
import { dataQuestion, questionQuery, type ExplorerState } from '../state.ts';
import { anySuppressed, releasesFor, toItems } from '../model.ts';
import { useChartText, useLabeler, useViewTitle } from '../view-text.ts';
import { AMERICAS, AMERICAS_BOX, decodeArcs, mercator, pathBox, rings, ringsPath, type Topology } from './topo.ts';

/** Sequential blues (colour-blind safe, readable grey for "no figure"). */
const SHADES = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];

interface Shape {
  code: string;
  rings: [number, number][][];
}

/** Loaded only when the map tab opens: the world-atlas shapes, kept to the Americas. */
async function loadShapes(): Promise<Shape[]> {
  const topo = (await import('world-atlas/countries-110m.json')).default as unknown as Topology;
  const arcs = decodeArcs(topo);
  const out: Shape[] = [];
  for (const g of topo.objects.countries?.geometries ?? []) {
    const code = g.id ? AMERICAS[g.id] : undefined;
    if (code) out.push({ code, rings: rings(g, arcs) });
  }
  return out;
}

/** Class breaks from the figures' own spread (quantiles of the values shown). */
export function breaks(values: number[], classes = SHADES.length): number[] {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return [];
  return Array.from({ length: classes - 1 }, (_, i) => v[Math.min(v.length - 1, Math.floor(((i + 1) * v.length) / classes))]!);
}

export function MapView({ state }: { state: ExplorerState }) {
  const { t } = useTranslation();
  const text = useChartText();
  const title = useViewTitle(state);
  const labeler = useLabeler(state.dataflow);
  const q = dataQuestion(state, 'map');
  const data = useData(state.dataflow, questionQuery(q));
  const [shapes, setShapes] = useState<Shape[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [wrap, width, fluid] = useWidth<HTMLDivElement>();
  const pattern = useId().replace(/:/g, '');
  useEffect(() => {
    loadShapes().then(setShapes, () => setFailed(true));
  }, []);
  const height = Math.round(width * 1.05);
  const project = useMemo(() => mercator(AMERICAS_BOX, width, height), [width, height]);
  const paths = useMemo(() => (shapes ? shapes.map((s) => ({ code: s.code, d: ringsPath(s.rings, project) })) : []), [shapes, project]);
  const label = labeler(q.seriesDim);
  const items = toItems(data.data?.observations ?? [], q.seriesDim, label);
  const byCode = new Map(items.map((i) => [i.key, i]));
  // The arrows go through the countries drawn in the data table's order (largest figure
  // first), then those without a figure; a keyboard cannot aim at a map the way a pointer does.
  const drawn = paths.filter((p) => p.d);
  const order = [...drawn.filter((p) => byCode.has(p.code)).sort((a, b) => items.indexOf(byCode.get(a.code)!) - items.indexOf(byCode.get(b.code)!)), ...drawn.filter((p) => !byCode.has(p.code))];
  const keys = useChartKeys({
    rows: 1,
    cols: order.length,
    mark: ({ col }) => {
      const code = order[col]!.code;
      const it = byCode.get(code);
      // Drawn hatched when the figure is null: said the same way, never as zero.
      return { label: label(code), value: it?.value ?? null, suppressed: !!it && it.value === null };
    },
    box: ({ col }) => pathBox(order[col]!.d),
    size: { width, height },
    number: text.number,
  });
  if (failed) return <p role="alert">{t('explore.map.failed')}</p>;
  if (!data.data || !shapes) return <QueryState isLoading={data.isLoading || !shapes} error={data.error} />;
  const cuts = breaks(items.flatMap((i) => (i.value === null ? [] : [i.value])));
  const shade = (v: number) => SHADES[cuts.filter((c) => v > c).length]!;
  const onMap = new Set(paths.map((p) => p.code));
  const offMap = items.filter((i) => !onMap.has(i.key));
  const summary = [
    t('explore.map.summary', { count: items.length, shown: items.length - offMap.length }),
    items[0] && items[0].value !== null ? t('explore.summary.ranking', { count: items.length, label: items[0].label, value: text.number(items[0].value) }) : '',
  ].join(' ');
  return (
    <ChartFigure
      title={title}
      summary={summary}
      hasSuppressed={anySuppressed(data.data.observations)}
      releases={releasesFor(data.data.releases, data.data.observations, state.countries)}
      unreleased={!!data.data.unreleased}
      fileName={`observatorio-mapa-${state.flow.toLowerCase()}`}
      table={{ head: [q.seriesDim === 'REF_AREA' ? t('explore.map.country') : t('explore.map.area'), text.yTitle], rows: items.map((i) => ({ key: i.key, cells: [i.label, i.value === null ? text.suppressed : text.number(i.value)] })) }}
      extra={null}
    >
      {(ids) => (
        <div ref={wrap} className={wrapClass(fluid)} data-testid="map" {...keys.wrapProps(ids.titleId)}>
          <svg ref={ids.svgRef} xmlns="http://www.w3.org/2000/svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={ids.titleId} aria-describedby={ids.descId} fontFamily={FONT} fontSize="12">
            <SuppressedPattern id={pattern} />
            <rect width={width} height={height} fill="#f3f7fb" />
            {paths.map((p) => {
              const it = byCode.get(p.code);
              const fill = !it ? '#e6e6e6' : it.value === null ? `url(#${pattern})` : shade(it.value);
              return (
                <path key={p.code} d={p.d} fill={fill} stroke="#5b6670" strokeWidth="0.6" data-code={p.code}>
                  <title>{`${label(p.code)}: ${!it ? t('explore.map.noFigure') : it.value === null ? text.suppressed : text.number(it.value)}`}</title>
                </path>
              );
            })}
            {keys.ring}
          </svg>
          {keys.target}
          <ul className="obs-map-legend" aria-label={t('explore.figure.legend')}>
            {SHADES.map((c, i) => (
              <li key={c}>
                <span className="obs-swatch" style={{ background: c }} aria-hidden="true" />
                {i === 0 ? `≤ ${text.number(cuts[0] ?? 0)}` : i === SHADES.length - 1 ? `> ${text.number(cuts[i - 1] ?? 0)}` : `${text.number(cuts[i - 1] ?? 0)} – ${text.number(cuts[i] ?? 0)}`}
              </li>
            ))}
            <li>
              <span className="obs-swatch" style={{ background: '#e6e6e6' }} aria-hidden="true" />
              {t('explore.map.noFigure')}
            </li>
          </ul>
          {offMap.length ? <p className="muted">{t('explore.map.offMap', { count: offMap.length })}</p> : null}
        </div>
      )}
    </ChartFigure>
  );
}
