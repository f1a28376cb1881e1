import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { geoMercator, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import Supercluster from 'supercluster';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { FeatureCollection, GeoJsonProperties, Geometry } from 'geojson';
import shapesUrl from 'world-atlas/countries-110m.json?url';
import { QueryState } from '../../../components/Loading.tsx';
import { useCountryName, useLang } from '../../../app/hooks.ts';
import { ChartFigure } from '../../explore/charts/ChartFigure.tsx';
import { FONT, useWidth, wrapClass } from '../../explore/charts/common.tsx';
import { useChartKeys } from '../../explore/charts/keyboard.tsx';
import { formatDate, formatNumber } from '../../explore/format.ts';
import { useIncidentPoints, type IncidentFeature } from '../api.ts';
import { AMERICAS_VIEW, MAX_ZOOM, WORLD_VIEW, boxAround, markRadius, viewCorners, zoomForScale, zoomView, type View } from './view.ts';

/**
 * The incidents of the selection on a map (loaded only in the browser, as its own chunk with
 * d3-geo, topojson-client, supercluster and the world-atlas shapes: the page's first load
 * stays within its budget). Points are sized by dead and missing and grouped by supercluster
 * where they would overlap; a group opens (zooms in) on click or Enter, a single incident
 * opens its page. One tab stop: arrows go from mark to mark, largest figure first.
 */
interface Props {
  query: string;
  region: 'americas' | 'world';
  title: string;
  fileName: string;
  /** the API's source line */
  source: string;
}

type Sum = { n: number };
type Mark = { key: string; lon: number; lat: number; value: number; count: number; clusterId: number | null; id: string | null; date: string | null; country: string | null };

/**
 * The world-atlas shapes are fetched as data (a JSON file of the build, precompressed, cached a
 * year), not imported as a script module: the browser parses JSON far faster than it compiles
 * JavaScript, and the page's script budget is spent on code.
 */
let shapes: Promise<FeatureCollection<Geometry, GeoJsonProperties>> | null = null;
function loadShapes() {
  shapes ??= fetch(shapesUrl)
    .then((r) => (r.ok ? (r.json() as Promise<Topology<{ countries: GeometryCollection }>>) : Promise.reject(new Error(String(r.status)))))
    .then((topo) => feature(topo, topo.objects.countries));
  // a failure may be a passing one: the next map asks again
  shapes.catch(() => (shapes = null));
  return shapes;
}

export default function IncidentMap({ query, region, title, fileName, source }: Props) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const countryName = useCountryName();
  const points = useIncidentPoints(query, true);
  const [world, setWorld] = useState<FeatureCollection<Geometry, GeoJsonProperties> | null>(null);
  const [failed, setFailed] = useState(false);
  const home = region === 'world' ? WORLD_VIEW : AMERICAS_VIEW;
  const [view, setView] = useState<View>(home);
  const [wrap, width, fluid] = useWidth<HTMLDivElement>();
  const height = Math.round(Math.min(width * 1.2, 560));
  useEffect(() => {
    loadShapes().then(setWorld, () => setFailed(true));
  }, []);
  // A new selection (region, filters) starts from the region's whole view.
  useEffect(() => setView(home), [query, home]);

  const projection = useMemo(() => geoMercator().fitExtent([[8, 8], [width - 8, height - 8]], viewCorners(view)).clipExtent([[0, 0], [width, height]]), [view, width, height]);
  const countries = useMemo(() => {
    if (!world) return [];
    const path = geoPath(projection);
    return world.features.map((f, i) => ({ key: String(f.id ?? i), d: path(f) ?? '' })).filter((p) => p.d);
  }, [world, projection]);
  const index = useMemo(() => {
    const sc = new Supercluster<IncidentFeature['properties'] & { id: string }, Sum>({ radius: 28, maxZoom: MAX_ZOOM, map: (p) => ({ n: p.n }), reduce: (a, b) => { a.n += b.n; } });
    sc.load((points.data ?? []).map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { ...f.properties, id: f.id } })));
    return sc;
  }, [points.data]);
  const zoom = zoomForScale(projection.scale());
  const marks: Mark[] = useMemo(() => {
    const out: Mark[] = [];
    for (const c of index.getClusters(view, zoom)) {
      const [lon, lat] = c.geometry.coordinates as [number, number];
      const p = c.properties as Partial<Supercluster.ClusterProperties> & Partial<Sum> & Partial<IncidentFeature['properties'] & { id: string }>;
      if (p.cluster) out.push({ key: `c${p.cluster_id}`, lon, lat, value: p.n ?? 0, count: p.point_count ?? 0, clusterId: p.cluster_id ?? null, id: null, date: null, country: null });
      else out.push({ key: p.id!, lon, lat, value: p.n ?? 0, count: 1, clusterId: null, id: p.id ?? null, date: p.date ?? null, country: p.country ?? null });
    }
    // largest first: a keyboard cannot aim at a map the way a pointer does
    return out.sort((a, b) => b.value - a.value || a.key.localeCompare(b.key));
  }, [index, view, zoom]);
  const place = (m: Mark) => projection([m.lon, m.lat]) ?? [0, 0];
  const label = (m: Mark) => (m.clusterId !== null ? t('incidents.map.cluster', { count: m.count }) : `${countryName(m.country) || t('incidents.map.noCountry')}, ${m.date ? formatDate(lang, m.date) : ''}`);
  const open = (m: Mark) => {
    if (m.clusterId !== null) {
      const leaves = index.getLeaves(m.clusterId, Infinity).map((l) => l.geometry.coordinates as [number, number]);
      const box = boxAround(leaves);
      if (box) setView(box);
    } else if (m.id) void navigate(`/observatory/missing-migrants/${m.id}`);
  };
  const number = (n: number) => formatNumber(lang, n);
  const keys = useChartKeys({
    rows: 1,
    cols: marks.length,
    mark: ({ col }) => ({ label: label(marks[col]!), value: marks[col]!.value, suppressed: false }),
    box: ({ col }) => {
      const [x, y] = place(marks[col]!);
      const r = markRadius(marks[col]!.value);
      return { x: x - r, y: y - r, w: 2 * r, h: 2 * r };
    },
    size: { width, height },
    number,
  });
  if (failed) return <p role="alert">{t('explore.map.failed')}</p>;
  if (!points.data || !world) return <QueryState isLoading={points.isLoading || !world} error={points.error} />;
  const people = points.data.reduce((s, f) => s + f.properties.n, 0);
  const summary = t('incidents.map.summary', { incidents: points.data.length, people: number(people), marks: marks.length });
  return (
    <ChartFigure
      level={2}
      title={title}
      summary={summary}
      hasSuppressed={false}
      releases={[]}
      source={source}
      fileName={fileName}
      table={{ head: [t('incidents.map.mark'), t('incidents.deadAndMissing')], rows: marks.map((m) => ({ key: m.key, cells: [label(m), number(m.value)] })) }}
      extra={
        <>
          <button type="button" className="button-secondary button-small" onClick={() => setView(zoomView(view, 2))}>{t('incidents.map.zoomIn')}</button>{' '}
          <button type="button" className="button-secondary button-small" onClick={() => setView(zoomView(view, 0.5))}>{t('incidents.map.zoomOut')}</button>{' '}
          <button type="button" className="button-secondary button-small" onClick={() => setView(home)}>{region === 'world' ? t('incidents.map.resetWorld') : t('incidents.map.resetAmericas')}</button>
        </>
      }
    >
      {(ids) => {
        const wrapProps = keys.wrapProps(ids.titleId);
        return (
          <div
            ref={wrap}
            className={wrapClass(fluid)}
            data-testid="incident-map"
            {...wrapProps}
            aria-description={t('incidents.map.hint')}
            onKeyDown={(e) => {
              if ((e.key === 'Enter' || e.key === ' ') && keys.active) {
                e.preventDefault();
                open(marks[keys.active.col]!);
                return;
              }
              wrapProps.onKeyDown(e);
            }}
          >
            <svg ref={ids.svgRef} xmlns="http://www.w3.org/2000/svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={ids.titleId} aria-describedby={ids.descId} fontFamily={FONT} fontSize="11">
              <rect width={width} height={height} fill="#f3f7fb" />
              {countries.map((c) => (
                <path key={c.key} d={c.d} fill="#e3e6ea" stroke="#8a949e" strokeWidth="0.5" />
              ))}
              {marks.map((m) => {
                const [x, y] = place(m);
                const r = markRadius(m.value);
                const name = `${label(m)}: ${number(m.value)}`;
                return m.clusterId !== null ? (
                  <g key={m.key} data-cluster={m.count} onClick={() => open(m)} cursor="pointer">
                    <circle cx={x} cy={y} r={r + 2} fill="none" stroke="#0072B2" strokeWidth="1.5" />
                    <circle cx={x} cy={y} r={r} fill="#0072B2" fillOpacity="0.8" stroke="#ffffff" strokeWidth="1">
                      <title>{name}</title>
                    </circle>
                    {r >= 8 ? (
                      <text x={x} y={y} dy="0.35em" textAnchor="middle" fill="#ffffff" fontWeight="700" pointerEvents="none">
                        {m.count}
                      </text>
                    ) : null}
                  </g>
                ) : (
                  <circle key={m.key} data-incident={m.id ?? ''} cx={x} cy={y} r={r} fill="#D55E00" fillOpacity="0.7" stroke="#5a2300" strokeWidth="0.8" onClick={() => open(m)} cursor="pointer">
                    <title>{name}</title>
                  </circle>
                );
              })}
              {keys.ring}
            </svg>
            {keys.target}
            <ul className="obs-map-legend" aria-label={t('explore.figure.legend')}>
              <li>
                <span className="inc-dot inc-dot-point" aria-hidden="true" />
                {t('incidents.map.legendPoint')}
              </li>
              <li>
                <span className="inc-dot inc-dot-cluster" aria-hidden="true" />
                {t('incidents.map.legendCluster')}
              </li>
              <li>{t('incidents.map.legendSize')}</li>
            </ul>
          </div>
        );
      }}
    </ChartFigure>
  );
}
