import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../../../api/client.ts';
import { useLang, useTitle } from '../../../app/hooks.ts';
import { QueryState } from '../../../components/Loading.tsx';

import type { SearchAnswer as Answer } from '../../../../shared/contracts/site.ts';

/** Results of the header's search box, grouped by kind; each result a link (keyboard: Tab through them). */
export function SearchPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const q = (params.get('q') ?? '').trim();
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  useTitle(q ? t('siteSearch.titleFor', { q }) : t('siteSearch.title'));
  const answer = useQuery({ queryKey: ['site-search', q, lang], queryFn: () => get<Answer>(`/api/v1/search?q=${encodeURIComponent(q)}`), enabled: q.length > 0 });
  const status = useRef<HTMLParagraphElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void navigate(`/search?q=${encodeURIComponent(text.trim())}`);
  };
  const total = answer.data?.groups.reduce((n, g) => n + g.total, 0) ?? 0;
  return (
    <>
      <h1>{t('siteSearch.title')}</h1>
      <form role="search" aria-label={t('siteSearch.newSearch')} onSubmit={submit} className="search-form">
        <label htmlFor="site-search-page">{t('siteSearch.label')}</label>
        <div className="search-row">
          <input id="site-search-page" type="search" value={text} maxLength={200} onChange={(e) => setText(e.target.value)} />
          <button type="submit">{t('siteSearch.submit')}</button>
        </div>
      </form>
      {!q ? <p>{t('siteSearch.hint')}</p> : null}
      {q && !answer.data ? <QueryState isLoading={answer.isLoading} error={answer.error} /> : null}
      {answer.data ? (
        <>
          <p role="status" ref={status}>
            {total === 0 ? t('siteSearch.none', { q }) : t('siteSearch.found', { count: total, q })}
          </p>
          {answer.data.groups.map((g) => (
            <section key={g.kind} aria-labelledby={`results-${g.kind}`} className="search-group">
              <h2 id={`results-${g.kind}`}>{t(`siteSearch.kinds.${g.kind}`, { count: g.total })}</h2>
              <ul>
                {g.items.map((i) => (
                  <li key={i.url}>
                    <Link to={i.url}>{i.title}</Link>
                    {i.detail ? <span className="meta"> — {i.detail}</span> : null}
                  </li>
                ))}
              </ul>
              {g.total > g.items.length ? (
                g.more ? (
                  <p>
                    <Link to={g.more}>{t('siteSearch.more', { count: g.total })}</Link>
                  </p>
                ) : (
                  <p className="meta">{t('siteSearch.firstOnly', { shown: g.items.length, count: g.total })}</p>
                )
              ) : null}
            </section>
          ))}
        </>
      ) : null}
    </>
  );
}
