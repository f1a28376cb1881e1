import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useLang, useTitle } from '../../app/hooks.ts';
import { formatDate, formatNumber } from '../explore/format.ts';
import { useHome, type HomeAnswer } from './home-api.ts';
import { HomeChart } from './HomeChart.tsx';
import './home.css';

/** How many flows the home shows as figures (the flows most members publish come first). */
const FIGURES = 6;

function Figures({ home }: { home: HomeAnswer }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!home.figures.length) return <p>{t('home.figures.none')}</p>;
  return (
    <ul className="home-figures plain" data-testid="home-figures">
      {home.figures.slice(0, FIGURES).map((f) => (
        <li key={f.flow} className="home-figure" data-flow={f.flow}>
          <h3>
            <Link to={`/observatory/explorer?flow=${f.flow}&start=${f.year}-01&end=${f.year}-12`}>{f.name}</Link>
          </h3>
          <p className="home-figure-value">{formatNumber(lang, f.value)}</p>
          <p className="home-figure-meta">
            {t('home.figures.period', { year: f.year })} · {t('home.figures.coverage', { countries: f.countries, of: f.reporting })}
          </p>
        </li>
      ))}
    </ul>
  );
}

function News({ home }: { home: HomeAnswer }) {
  const { t } = useTranslation();
  const lang = useLang();
  const names = (codes: string[]) => codes.map((c) => home.countryNames[c] ?? c).join(', ');
  return (
    <div className="home-news">
      <section aria-labelledby="home-releases">
        <h2 id="home-releases">{t('home.news.releases')}</h2>
        {home.releases.length ? (
          <ul data-testid="home-releases">
            {home.releases.map((r) => (
              <li key={r.id}>
                <Link to={`/observatory/countries/${r.country}`}>{home.countryNames[r.country] ?? r.country}</Link> <span className="muted">{formatDate(lang, r.releasedAt)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('home.news.noReleases')}</p>
        )}
      </section>
      <section aria-labelledby="home-practices">
        <h2 id="home-practices">{t('home.news.practices')}</h2>
        {home.practices.length ? (
          <ul data-testid="home-practices">
            {home.practices.map((p) => (
              <li key={p.slug}>
                <Link to={`/practices/${p.slug}`}>{p.title}</Link> {p.countries.length ? <span className="muted">{names(p.countries)}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('home.news.noPractices')}</p>
        )}
        <p>
          <Link to="/practices">{t('home.news.allPractices')}</Link>
        </p>
      </section>
      <section aria-labelledby="home-commitments">
        <h2 id="home-commitments">{t('home.news.commitments')}</h2>
        {home.roadmaps.length || home.pledges.length ? (
          <ul data-testid="home-commitments">
            {home.roadmaps.map((r) => (
              <li key={r.id}>
                <Link to={`/roadmaps/${r.id}`}>{r.title}</Link> <span className="muted">{t('home.news.roadmap')}{r.countries.length ? ` · ${names(r.countries)}` : ''}</span>
              </li>
            ))}
            {home.pledges.map((p) => (
              <li key={p.id}>
                <Link to={`/pledges/${p.id}`}>{p.title}</Link> <span className="muted">{t('home.news.pledge')}{p.countries.length ? ` · ${names(p.countries)}` : ''}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('home.news.noCommitments')}</p>
        )}
        <p>
          <Link to="/commitments">{t('home.news.allCommitments')}</Link>
        </p>
      </section>
    </div>
  );
}

/**
 * The public home (issue 21, item 1): the region at a glance — figures with their year and
 * coverage, a chart, what is new — and three doors for the three kinds of visitors. Drawn on
 * the server (ADR 0008) from one API answer; it shows no internal counters.
 */
export function HomePage() {
  const { t } = useTranslation();
  const lang = useLang();
  useTitle(t('nav.home'));
  const home = useHome();
  const chart = home.data?.figures.find((f) => f.years.length > 1) ?? home.data?.figures[0];
  return (
    <>
      <h1>{t('home.title')}</h1>
      <div className="lead">
        <p>{t('home.p1')}</p>
        <p>{t('home.p2')}</p>
      </div>

      <nav aria-label={t('home.doors.label')} className="home-doors">
        <Link to="/observatory/explorer" className="home-door" data-testid="door-data">
          <span className="home-door-title">{t('home.doors.data')}</span>
          <span className="home-door-text">{t('home.doors.dataText')}</span>
        </Link>
        <Link to="/practices" className="home-door" data-testid="door-practices">
          <span className="home-door-title">{t('home.doors.practices')}</span>
          <span className="home-door-text">{t('home.doors.practicesText')}</span>
        </Link>
        <Link to="/commitments" className="home-door" data-testid="door-commitments">
          <span className="home-door-title">{t('home.doors.commitments')}</span>
          <span className="home-door-text">{t('home.doors.commitmentsText')}</span>
        </Link>
      </nav>

      <QueryState isLoading={home.isLoading} error={home.error} />
      {home.data ? (
        <>
          <section aria-labelledby="home-figures-title">
            <h2 id="home-figures-title">{t('home.figures.title')}</h2>
            <p className="muted">{t('home.figures.note', { members: home.data.members })}</p>
            <div className="home-figures-row">
              <Figures home={home.data} />
              {chart ? <HomeChart figure={chart} lang={lang} /> : null}
            </div>
          </section>
          <News home={home.data} />
          <section aria-labelledby="objectives-title">
            <h2 id="objectives-title">{t('home.objectivesTitle')}</h2>
            <ol className="objectives">
              {home.data.objectives.map((o) => (
                <li key={o.number} value={o.number}>
                  <Link to={`/objectives/${o.number}`}>
                    <span className="objective-number">{t('home.objectiveNumber', { number: o.number })}</span>
                    <span className="objective-title">{o.title}</span>
                  </Link>
                </li>
              ))}
            </ol>
          </section>
        </>
      ) : null}
    </>
  );
}
