import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCountryName, useLang } from '../../app/hooks.ts';
import { AMERICAS, AMERICAS_BOX, decodeArcs, mercator, rings, ringsPath, type Topology } from '../explore/map/topo.ts';
import { indicatorName, type ObjectiveIndicator, type ProgressStatus } from './api.ts';

/**
 * One indicator's progress status per country of the Americas, as a map (drawn in the browser:
 * its shapes are a chunk of their own). The same statuses are in the indicator's table below,
 * which is what a screen reader and the server's drawing give; the map adds the geography.
 * Colours: blue towards the desired direction, orange away, grey without enough data —
 * distinguishable without colour vision, and named in the legend.
 */
const COLOURS: Record<ProgressStatus, string> = {
  significant_progress: '#08519c',
  moderate_progress: '#6baed6',
  moderate_away: '#fdae6b',
  significant_away: '#d94801',
  insufficient_data: '#d9d9d9',
  no_direction: '#bdbdbd',
  policy_yes: '#08519c',
  policy_partial: '#6baed6',
  policy_no: '#d94801',
};
const WIDTH = 340;
const HEIGHT = 357;

interface Shape {
  code: string;
  d: string;
}

async function loadShapes(): Promise<Shape[]> {
  const topo = (await import('world-atlas/countries-110m.json')).default as unknown as Topology;
  const arcs = decodeArcs(topo);
  const project = mercator(AMERICAS_BOX, WIDTH, HEIGHT);
  const out: Shape[] = [];
  for (const g of topo.objects.countries?.geometries ?? []) {
    const code = g.id ? AMERICAS[g.id] : undefined;
    if (code) out.push({ code, d: ringsPath(rings(g, arcs), project) });
  }
  return out.filter((s) => s.d);
}

export function StatusMap({ indicator }: { indicator: ObjectiveIndicator }) {
  const { t } = useTranslation();
  const lang = useLang();
  const countryName = useCountryName();
  const [shapes, setShapes] = useState<Shape[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loadShapes().then(setShapes, () => setFailed(true));
  }, []);
  const status = useMemo(() => new Map(indicator.countries.filter((c) => c.latest).map((c) => [c.country, c.status])), [indicator]);
  const used = [...new Set(status.values())];
  const name = indicatorName(indicator, lang).text;
  if (failed) return <p role="alert">{t('explore.map.failed')}</p>;
  if (!shapes) return <p>{t('common.loading')}</p>;
  return (
    <figure className="obj-map-figure">
      <figcaption>{t('objectives.map.title', { name })}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('objectives.map.label', { name, count: status.size })} className="obj-map-svg">
        {shapes.map((s) => {
          const st = status.get(s.code);
          return (
            <path key={s.code} d={s.d} fill={st ? COLOURS[st] : '#f2f2f2'} stroke="#fff" strokeWidth={0.5}>
              <title>{`${countryName(s.code)}: ${st ? t(`objectives.status.${st}`) : t('objectives.noValue')}`}</title>
            </path>
          );
        })}
      </svg>
      <ul className="obj-legend plain">
        {used.map((st) => (
          <li key={st}>
            <span className="obj-swatch" style={{ background: COLOURS[st] }} aria-hidden="true" /> {t(`objectives.status.${st}`)}
          </li>
        ))}
        <li>
          <span className="obj-swatch" style={{ background: '#f2f2f2' }} aria-hidden="true" /> {t('objectives.noValue')}
        </li>
      </ul>
    </figure>
  );
}
