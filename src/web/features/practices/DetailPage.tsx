import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api/client.ts';
import { QueryState } from '../../components/Loading.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { useCountryName, useFormat, useLang, useSession, useTitle } from '../../app/hooks.ts';
import { useObjectiveTitle, useOrganisationName, type PracticeDetail } from './api.ts';
import { Markdown, safeHref } from './Markdown.tsx';
import { PracticesSubNav, TranslationMark, ValidationBadge } from './labels.tsx';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function usePractice(slug: string | undefined) {
  const lang = useLang();
  return useQuery({
    queryKey: ['practices', 'detail', slug, lang],
    queryFn: () => get<PracticeDetail>(`/api/v1/practices/${encodeURIComponent(slug ?? '')}`),
    enabled: !!slug,
  });
}

export function DetailPage() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const fmt = useFormat();
  const session = useSession();
  const queryClient = useQueryClient();
  const countryName = useCountryName();
  const orgName = useOrganisationName();
  const objectiveTitle = useObjectiveTitle();
  const practice = usePractice(slug);
  const p = practice.data;
  useTitle(p?.title ?? t('practices.search.title'));
  const user = session.data?.user ?? null;

  const endorse = useMutation({
    mutationFn: () => post(`/api/v1/practices/${p!.id}/endorse`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['practices'] }),
  });

  if (!p) {
    return (
      <>
        <h1>{t('practices.detail.loadingTitle')}</h1>
        <QueryState isLoading={practice.isLoading} error={practice.error} />
      </>
    );
  }
  const implementers = [...p.countries.map(countryName), ...p.organisations.map(orgName)];
  // Whose description is awaited: the country's, else the organisation's.
  const awaitedFrom = implementers[0] ?? '';
  const canEndorse = user?.role === 'focal_point' && p.validation === 'stakeholder' && !!user.countryCode && p.countries.includes(user.countryCode);
  const canEdit = user?.role === 'admin' || user?.role === 'secretariat';
  const period =
    p.periodStart || p.periodEnd
      ? t('practices.detail.periodRange', { start: p.periodStart ? fmt.date(p.periodStart) : '…', end: p.periodEnd ? fmt.date(p.periodEnd) : t('practices.detail.ongoing') })
      : null;

  return (
    <article className="practice-detail">
      <PracticesSubNav />
      <p className="practice-meta">
        <span className="practice-kind">{t(`practices.kind.${p.kind}`)}</span> <ValidationBadge validation={p.validation} />
      </p>
      <h1>{p.title}</h1>
      {p.platformTranslated?.length ? <TranslationMark /> : null}
      <p className="practice-where">{implementers.join(' · ')}</p>

      {canEndorse ? (
        <div className="panel">
          <p>{t('practices.detail.endorseHint')}</p>
          <button type="button" onClick={() => endorse.mutate()} disabled={endorse.isPending}>
            {t('practices.detail.endorse')}
          </button>
        </div>
      ) : null}
      <ErrorAlert message={endorse.error?.message} />
      <StatusMessage>{endorse.isSuccess ? t('practices.detail.endorsed') : null}</StatusMessage>

      <section aria-labelledby="practice-description">
        <h2 id="practice-description">{t('practices.detail.description')}</h2>
        {p.summary ? <p className="lead">{p.summary}</p> : null}
        {p.description ? <Markdown source={p.description} /> : null}
        {!p.summary && !p.description ? (
          <p className="awaiting" data-testid="awaiting-description">
            {t('practices.detail.awaitingDescription', { who: awaitedFrom })}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="practice-facts">
        <h2 id="practice-facts">{t('practices.detail.facts')}</h2>
        <dl className="facts-grid">
          <Fact label={t('practices.field.kind')}>{t(`practices.kind.${p.kind}`)}</Fact>
          <Fact label={t('practices.field.status')}>{p.status ? t(`practices.status.${p.status}`) : null}</Fact>
          <Fact label={t('practices.field.period')}>{period}</Fact>
          <Fact label={t('practices.field.countries')}>{p.countries.map(countryName).join(', ')}</Fact>
          <Fact label={t('practices.field.organisations')}>{p.organisations.map(orgName).join(', ')}</Fact>
          <Fact label={t('practices.field.leadInstitution')}>{p.leadInstitution}</Fact>
          <Fact label={t('practices.field.partners')}>{p.partners}</Fact>
          <Fact label={t('practices.field.objectives')}>
            {p.objectives.length ? (
              <ul className="plain">
                {p.objectives.map((n) => (
                  <li key={n}>
                    <Link to={`/practices?objective=${n}`}>{t('practices.objectiveLabel', { number: n, title: objectiveTitle(n, true) })}</Link>{' '}
                    <Link to={`/objectives/${n}`} className="muted">{t('objectives.backLink')}</Link>
                  </li>
                ))}
              </ul>
            ) : null}
          </Fact>
          <Fact label={t('practices.field.targetGroups')}>{p.targetGroups.map((g) => t(`practices.targetGroup.${g}`)).join(', ')}</Fact>
          <Fact label={t('practices.field.benefit')}>{p.benefit}</Fact>
          <Fact label={t('practices.field.impact')}>{p.impact}</Fact>
          <Fact label={t('practices.field.evaluated')}>
            {p.evaluated === null ? null : p.evaluated ? t('practices.detail.evaluatedYes') : t('practices.detail.evaluatedNo')}
          </Fact>
          <Fact label={t('practices.field.evaluationUrl')}>
            {p.evaluationUrl && safeHref(p.evaluationUrl) ? (
              <a href={safeHref(p.evaluationUrl)!} rel="noopener noreferrer nofollow">
                {p.evaluationUrl}
              </a>
            ) : null}
          </Fact>
          <Fact label={t('practices.field.source')}>{p.source}</Fact>
          <Fact label={t('practices.field.contact')}>{user ? p.contact : t('practices.detail.contactSignIn')}</Fact>
          <Fact label={t('practices.detail.published')}>{p.publishedAt ? fmt.date(p.publishedAt) : null}</Fact>
        </dl>
      </section>

      {p.links.length ? (
        <section aria-labelledby="practice-links">
          <h2 id="practice-links">{t('practices.field.links')}</h2>
          <ul>
            {p.links.map((l) => {
              const href = safeHref(l.url);
              return <li key={l.url}>{href ? <a href={href} rel="noopener noreferrer nofollow">{l.label || l.url}</a> : l.label || l.url}</li>;
            })}
          </ul>
        </section>
      ) : null}

      {p.attachments.length ? (
        <section aria-labelledby="practice-attachments">
          <h2 id="practice-attachments">{t('practices.detail.attachments')}</h2>
          <ul>
            {p.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/api/v1/practices/${p.id}/attachments/${a.id}`} download>
                  {a.filename}
                </a>{' '}
                <span className="muted">{t('practices.detail.fileSize', { kb: Math.max(1, Math.round(a.size / 1024)) })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="practice-similar">
        <h2 id="practice-similar">{t('practices.detail.similar')}</h2>
        {p.similar.length ? (
          <ul data-testid="similar">
            {p.similar.map((s) => (
              <li key={s.id}>
                <Link to={`/practices/${s.slug}`}>{s.title}</Link>
                {s.countries.length ? <span className="muted"> ({s.countries.map(countryName).join(', ')})</span> : null}
                {s.sharedObjectives.length ? (
                  <span className="muted"> — {t('practices.detail.sharedObjectives', { count: s.sharedObjectives.length, list: s.sharedObjectives.join(', ') })}</span>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('practices.detail.noSimilar')}</p>
        )}
      </section>

      <section aria-labelledby="practice-partners">
        <h2 id="practice-partners">{t('practices.detail.partners')}</h2>
        {p.partnerCountries.length ? (
          <>
            <p className="muted">{t('practices.detail.partnersIntro')}</p>
            <ul data-testid="partner-countries">
              {p.partnerCountries.map((c) => (
                <li key={c.country}>
                  <Link to={`/practices?country=${c.country}&${c.objectives.map((o) => `objective=${o}`).join('&')}`}>{countryName(c.country)}</Link>{' '}
                  <span className="muted">
                    {t('practices.detail.partnerFacts', { count: c.practices, objectives: c.objectives.length, list: c.objectives.join(', ') })}
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t('practices.detail.noPartners')}</p>
        )}
      </section>

      <p className="form-actions">
        <Link to={`/practices/${p.slug}/history`}>{t('practices.detail.history')}</Link>
        {canEdit ? <Link to={`/practices/${p.id}/edit`}>{t('practices.detail.edit')}</Link> : null}
      </p>
    </article>
  );
}
