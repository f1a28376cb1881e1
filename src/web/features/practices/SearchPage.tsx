import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client.ts';
import { QueryState } from '../../components/Loading.tsx';
import { useCountryName, useFormat, useLang, useSession, useTitle } from '../../app/hooks.ts';
import { useObjectiveTitle, useOrganisationName, usePrincipleTitle, type FacetValue, type SearchResult } from './api.ts';
import { PracticesSubNav, TranslationMark, ValidationBadge } from './labels.tsx';

/** Facets shown as filters, in order; the URL parameter has the facet's name. */
const FACETS = ['objective', 'country', 'organisation', 'kind', 'principle', 'targetGroup', 'status', 'year', 'language', 'validation'] as const;
type Facet = (typeof FACETS)[number];
const SORTS = ['relevance', 'newest', 'title'] as const;
const PAGE_SIZE = 20;

/** The API query of the page's URL: the same parameters, in a stable order. */
export function searchParamsForApi(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  const q = params.get('q')?.trim();
  if (q) out.set('q', q);
  for (const f of FACETS) for (const v of params.getAll(f)) out.append(f, v);
  const sort = params.get('sort');
  if (sort && (SORTS as readonly string[]).includes(sort)) out.set('sort', sort);
  const page = Number(params.get('page'));
  if (page > 1) out.set('page', String(page));
  return out;
}

function FacetGroup(props: { facet: Facet; values: FacetValue[]; selected: string[]; label: (v: string) => string; onToggle: (v: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const id = useId();
  // Selected values stay visible even when no result carries them any more.
  const values = [...props.values];
  for (const s of props.selected) if (!values.some((v) => v.value === s)) values.push({ value: s, count: 0 });
  if (props.facet === 'objective') values.sort((a, b) => Number(a.value) - Number(b.value));
  if (props.facet === 'year') values.sort((a, b) => Number(b.value) - Number(a.value));
  if (!values.length) return null;
  return (
    <fieldset className="facet" data-facet={props.facet}>
      <legend>{t(`practices.facet.${props.facet}`)}</legend>
      <ul className="plain facet-values">
        {values.map((v) => (
          <li key={v.value}>
            <input
              type="checkbox"
              id={`${id}-${v.value}`}
              checked={props.selected.includes(v.value)}
              onChange={() => props.onToggle(v.value)}
            />{' '}
            <label htmlFor={`${id}-${v.value}`}>
              {props.label(v.value)} <span className="facet-count">({fmt.number(v.count)})</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function SearchPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const fmt = useFormat();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const countryName = useCountryName();
  const objectiveTitle = useObjectiveTitle();
  const orgName = useOrganisationName();
  const principleTitle = usePrincipleTitle();
  useTitle(t('practices.search.title'));

  const apiParams = searchParamsForApi(params);
  const apiQs = apiParams.toString();
  const result = useQuery({
    queryKey: ['practices', 'search', apiQs, lang],
    queryFn: () => get<SearchResult>(`/api/v1/practices${apiQs ? `?${apiQs}` : ''}`),
    placeholderData: keepPreviousData,
  });

  const [q, setQ] = useState(params.get('q') ?? '');
  useEffect(() => setQ(params.get('q') ?? ''), [params]);

  const update = (change: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams(params);
    change(next);
    next.delete('page');
    setParams(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update((p) => (q.trim() ? p.set('q', q.trim()) : p.delete('q')));
  };
  const toggle = (facet: Facet, value: string) =>
    update((p) => {
      const cur = p.getAll(facet);
      p.delete(facet);
      for (const v of cur.includes(value) ? cur.filter((x) => x !== value) : [...cur, value]) p.append(facet, v);
    });

  const label = (facet: Facet) => (v: string) => {
    switch (facet) {
      case 'objective':
        return t('practices.objectiveLabel', { number: Number(v), title: objectiveTitle(Number(v)) });
      case 'country':
        return countryName(v);
      case 'organisation':
        return orgName(v);
      case 'principle':
        return principleTitle(v);
      case 'kind':
        return t(`practices.kind.${v}`);
      case 'status':
        return t(`practices.status.${v}`);
      case 'validation':
        return t(`practices.validation.${v}`);
      case 'targetGroup':
        return t(`practices.targetGroup.${v}`);
      case 'language':
        return t(`practices.language.${v}`);
      case 'year':
        return v;
    }
  };

  const exportQs = (() => {
    const p = new URLSearchParams(apiParams);
    p.delete('page');
    p.set('lang', lang);
    return p.toString();
  })();
  const data = result.data;
  const page = data?.page ?? 1;
  const pages = data ? Math.max(1, Math.ceil(data.total / (data.pageSize || PAGE_SIZE))) : 1;
  const goPage = (n: number) => {
    const next = new URLSearchParams(params);
    if (n > 1) next.set('page', String(n));
    else next.delete('page');
    setParams(next);
  };
  const canWrite = ['admin', 'secretariat', 'focal_point', 'contributor'].includes(session.data?.user?.role ?? '');
  const hasFilters = FACETS.some((f) => params.getAll(f).length > 0) || !!params.get('q');

  return (
    <>
      <h1>{t('practices.search.title')}</h1>
      <PracticesSubNav />
      <p className="lead">{t('practices.search.intro')}</p>
      {canWrite ? (
        <p>
          <Link className="button" to="/practices/new">
            {t('practices.form.newTitle')}
          </Link>
        </p>
      ) : null}
        <form role="search" onSubmit={submit} className="inline-form search-form" aria-label={t('practices.search.formLabel')}>
          <div className="field search-field">
            <label htmlFor="practice-q">{t('practices.search.query')}</label>
            <input id="practice-q" type="search" name="q" value={q} maxLength={200} onChange={(e) => setQ(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="practice-sort">{t('practices.search.sort')}</label>
            <select id="practice-sort" value={params.get('sort') ?? 'relevance'} onChange={(e) => update((p) => (e.target.value === 'relevance' ? p.delete('sort') : p.set('sort', e.target.value)))}>
              {SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`practices.search.sortBy.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="form-actions">
            <button type="submit">{t('practices.search.submit')}</button>
            {hasFilters ? (
              <Link to="/practices" className="button button-secondary">
                {t('common.clear')}
              </Link>
            ) : null}
          </div>
        </form>

      <div className="search-layout">
        <aside className="facets" aria-labelledby="facets-title">
          <h2 id="facets-title">{t('practices.search.filters')}</h2>
          {data
            ? FACETS.map((f) => <FacetGroup key={f} facet={f} values={data.facets[f] ?? []} selected={params.getAll(f)} label={label(f)} onToggle={(v) => toggle(f, v)} />)
            : null}
        </aside>
        <section className="results" aria-labelledby="results-title">
          <h2 id="results-title">{t('practices.search.results')}</h2>
          <QueryState isLoading={result.isLoading} error={result.error} />
          <div role="status" className="result-count" data-testid="result-count">
            {data ? t('common.resultCount', { count: data.total }) : ''}
            {data?.correctedQuery ? (
              <>
                {' '}
                <span data-testid="corrected-query">{t('practices.search.correctedQuery', { query: data.correctedQuery })}</span>
              </>
            ) : null}
            {data?.partialMatch ? (
              <>
                {' '}
                <span data-testid="partial-match">{t('practices.search.partialMatch')}</span>
              </>
            ) : null}
          </div>
          {data ? (
            <p className="exports">
              <a href={`/api/v1/practices/export.csv?${exportQs}`} download>
                {t('practices.search.exportCsv')}
              </a>{' '}
              ·{' '}
              <a href={`/api/v1/practices/export.xlsx?${exportQs}`} download>
                {t('practices.search.exportXlsx')}
              </a>{' '}
              ·{' '}
              <a href={`/api/v1/practices/feed.atom?lang=${lang}`} type="application/atom+xml">
                {t('practices.search.feed')}
              </a>
            </p>
          ) : null}
          {data ? (
            <ol className="plain practice-results" data-testid="results">
              {data.items.map((p) => (
                <li key={p.id} className="practice-card">
                  <h3>
                    <Link to={`/practices/${p.slug}`}>{p.title}</Link>
                  </h3>
                  {p.platformTranslated?.length ? <TranslationMark /> : null}
                  <p className="practice-meta">
                    <span className="practice-kind">{t(`practices.kind.${p.kind}`)}</span> <ValidationBadge validation={p.validation} />
                  </p>
                  <p className="practice-where">
                    {[...p.countries.map(countryName), ...p.organisations.map(orgName)].join(' · ')}
                  </p>
                  {p.summary ? <p className="practice-summary">{p.summary}</p> : null}
                  <p className="practice-objectives">
                    {t('practices.objectivesList', { list: p.objectives.map((n) => t('practices.objectiveLabel', { number: n, title: objectiveTitle(n) })).join('; ') })}
                  </p>
                </li>
              ))}
            </ol>
          ) : null}
          {data && pages > 1 ? (
            <nav className="pager" aria-label={t('practices.search.pagination')}>
              <button type="button" className="button-secondary" disabled={page <= 1} onClick={() => goPage(page - 1)}>
                {t('common.previous')}
              </button>
              <span>{t('practices.search.pageOf', { page: fmt.number(page), pages: fmt.number(pages) })}</span>
              <button type="button" className="button-secondary" disabled={page >= pages} onClick={() => goPage(page + 1)}>
                {t('common.next')}
              </button>
            </nav>
          ) : null}
        </section>
      </div>
    </>
  );
}
