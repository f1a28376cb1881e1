import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, type Lang } from '../explore/format.ts';
import type { HomeFigure } from './home-api.ts';

const W = 340;
const H = 150;
const PAD_BOTTOM = 20;
const YEARS = 8;

/**
 * A flow's regional total per year as small bars (the last eight years), drawn at a phone's
 * width and scaled by the browser (ADR 0008: the same drawing on server and browser). The
 * numbers and each year's coverage are in the table beneath, for screen readers and for anyone
 * who wants the figures rather than the shape.
 */
export function HomeChart({ figure, lang }: { figure: HomeFigure; lang: Lang }) {
  const { t } = useTranslation();
  const id = useId();
  const years = figure.years.slice(-YEARS);
  const max = Math.max(1, ...years.map((y) => y.value));
  const step = W / years.length;
  const bar = Math.min(32, step * 0.6);
  return (
    <figure className="home-chart" aria-labelledby={`${id}-c`}>
      <figcaption id={`${id}-c`}>{t('home.chart.caption', { flow: figure.name })}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-c`} focusable="false">
        {years.map((y, i) => {
          const h = ((H - PAD_BOTTOM - 4) * y.value) / max;
          const x = i * step + (step - bar) / 2;
          return (
            <g key={y.year}>
              <rect x={x} y={H - PAD_BOTTOM - h} width={bar} height={h} className={y.year === figure.year ? 'home-bar home-bar-shown' : 'home-bar'} />
              <text x={x + bar / 2} y={H - 5} textAnchor="middle" className="home-chart-label">
                {y.year}
              </text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary>{t('home.chart.table')}</summary>
        <table className="home-chart-table">
        <caption className="visually-hidden">{t('home.chart.caption', { flow: figure.name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('home.chart.year')}</th>
            <th scope="col">{t('home.chart.value')}</th>
            <th scope="col">{t('home.chart.countries')}</th>
          </tr>
        </thead>
        <tbody>
          {years.map((y) => (
            <tr key={y.year}>
              <th scope="row">{y.year}</th>
              <td className="num">{formatNumber(lang, y.value)}</td>
              <td className="num">{formatNumber(lang, y.countries)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </details>
    </figure>
  );
}
