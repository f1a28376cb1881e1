import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post } from '../../api/client.ts';
import { QueryState } from '../../components/Loading.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { SelectField } from '../../components/Field.tsx';
import { useFormat, useSession, useTitle } from '../../app/hooks.ts';
import { COOPERATION_STATUSES, useMatches, useRequest, type Cooperation } from './api.ts';
import { Kinds } from './HubPage.tsx';

function useRefresh(id: string) {
  const qc = useQueryClient();
  return async () => {
    await qc.invalidateQueries({ queryKey: ['coop-request'] });
    await qc.invalidateQueries({ queryKey: ['coop-matches'] });
    void id;
  };
}

function CooperationRow({ c, secretariat, requestId }: { c: Cooperation; secretariat: boolean; requestId: string }) {
  const { t } = useTranslation();
  const refresh = useRefresh(requestId);
  const [status, setStatus] = useState(c.status);
  const [roadmap, setRoadmap] = useState('');
  const [roadmaps, setRoadmaps] = useState<{ id: string; title: string }[] | null>(null);
  const change = useMutation({ mutationFn: () => post(`/api/v1/cooperation/cooperations/${c.id}/status`, { status }), onSuccess: refresh });
  const toAction = useMutation({ mutationFn: () => post(`/api/v1/cooperation/cooperations/${c.id}/roadmap-action`, { roadmap }), onSuccess: refresh });
  const loadRoadmaps = async () => setRoadmaps((await get<{ items: { id: string; title: string }[] }>('/api/v1/roadmaps')).items);
  return (
    <li className="coop-card">
      <p className="coop-small">
        <strong>{c.partner.name}</strong>
        {c.offer ? ` — ${c.offer.title}` : ''} · {t('cooperation.cooperation.status')}: {t(`cooperation.cooperationStatus.${c.status}`)}
      </p>
      <p className="coop-small muted">
        {c.partnerInterest ? t('cooperation.cooperation.partnerInterested', { party: c.partner.name }) : ''} {c.requesterInterest ? t('cooperation.cooperation.requesterInterested', { party: c.request.country.name }) : ''}
      </p>
      {c.roadmapAction ? (
        <p className="coop-small">
          <Link to={`/roadmaps/${c.roadmapAction.roadmapId}`}>{t('cooperation.cooperation.seeAction')}</Link>
        </p>
      ) : null}
      {c.canChange && c.status !== 'completed' && c.status !== 'dropped' ? (
        <form
          className="coop-actions"
          onSubmit={(e) => {
            e.preventDefault();
            change.mutate();
          }}
        >
          <SelectField label={t('cooperation.cooperation.newStatus')} value={status} onChange={(e) => setStatus(e.target.value as Cooperation['status'])}>
            {COOPERATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`cooperation.cooperationStatus.${s}`)}
              </option>
            ))}
          </SelectField>
          <p>
            <button type="submit" disabled={change.isPending || status === c.status}>
              {t('cooperation.cooperation.changeStatus')}
            </button>
          </p>
        </form>
      ) : null}
      {change.error ? <ErrorAlert message={change.error.message} /> : null}
      {secretariat && !c.roadmapAction ? (
        roadmaps === null ? (
          <p>
            <button type="button" onClick={() => void loadRoadmaps()}>
              {t('cooperation.cooperation.makeAction')}
            </button>
          </p>
        ) : (
          <form
            className="coop-actions"
            onSubmit={(e) => {
              e.preventDefault();
              toAction.mutate();
            }}
          >
            <SelectField label={t('cooperation.cooperation.roadmap')} value={roadmap} onChange={(e) => setRoadmap(e.target.value)} required>
              <option value="">{t('cooperation.cooperation.chooseRoadmap')}</option>
              {roadmaps.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                </option>
              ))}
            </SelectField>
            <p>
              <button type="submit" disabled={!roadmap || toAction.isPending}>
                {t('cooperation.cooperation.createAction')}
              </button>
            </p>
          </form>
        )
      ) : null}
      {toAction.error ? <ErrorAlert message={toAction.error.message} /> : null}
      {toAction.isSuccess ? <StatusMessage>{t('cooperation.cooperation.actionCreated')}</StatusMessage> : null}
    </li>
  );
}

/** A request, what the platform proposes for it (each saying why), interest, and its cooperations. */
export function RequestPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const session = useSession();
  const user = session.data?.user;
  const request = useRequest(id);
  const r = request.data;
  const matches = useMatches(id, r?.status === 'published');
  const refresh = useRefresh(id);
  const [done, setDone] = useState<string | null>(null);
  const interest = useMutation({
    mutationFn: (offer: string | undefined) => post(`/api/v1/cooperation/requests/${id}/interest`, offer ? { offer } : {}),
    onSuccess: async () => {
      setDone(t('cooperation.request.interestSent'));
      await refresh();
    },
  });
  const publish = useMutation({ mutationFn: (status: 'published' | 'closed') => post(`/api/v1/cooperation/requests/${id}/status`, { status }), onSuccess: refresh });
  useTitle(r?.title ?? t('cooperation.request.title'));
  if (!r) return <QueryState isLoading={request.isLoading} error={request.error} />;
  const requester = user?.role === 'focal_point' && user.countryCode === r.country.code;
  const secretariat = user?.role === 'admin' || user?.role === 'secretariat';
  const canHelp = !!user && !requester && (user.role === 'focal_point' || user.role === 'contributor');
  const m = matches.data;
  return (
    <>
      <p>
        <Link to="/cooperation">{t('cooperation.hub.title')}</Link>
      </p>
      <h1>{r.title}</h1>
      <p className="lead">
        {t('cooperation.request.by', { country: r.country.name })} · {t(`cooperation.status.${r.status}`)}
      </p>
      {r.description ? <p>{r.description}</p> : null}
      <dl className="coop-small">
        <dt>{t('cooperation.fields.objectives')}</dt>
        <dd>{r.objectives.join(', ')}</dd>
        <dt>{t('cooperation.fields.kinds')}</dt>
        <dd>
          <Kinds kinds={r.kinds} />
        </dd>
        {r.targetGroups.length ? (
          <>
            <dt>{t('cooperation.fields.targetGroups')}</dt>
            <dd>{r.targetGroups.join(', ')}</dd>
          </>
        ) : null}
        {r.timeframe ? (
          <>
            <dt>{t('cooperation.fields.timeframe')}</dt>
            <dd>{r.timeframe}</dd>
          </>
        ) : null}
        {r.contact ? (
          <>
            <dt>{t('cooperation.fields.contact')}</dt>
            <dd>{r.contact}</dd>
          </>
        ) : null}
        {r.publishedAt ? (
          <>
            <dt>{t('cooperation.fields.publishedAt')}</dt>
            <dd>{fmt.date(r.publishedAt)}</dd>
          </>
        ) : null}
      </dl>
      {r.canEdit ? (
        <p className="coop-actions">
          <Link to={`/cooperation/requests/${r.id}/edit`}>{t('cooperation.request.edit')}</Link>
          {r.status !== 'published' ? (
            <button type="button" onClick={() => publish.mutate('published')} disabled={publish.isPending}>
              {t('cooperation.request.publish')}
            </button>
          ) : (
            <button type="button" onClick={() => publish.mutate('closed')} disabled={publish.isPending}>
              {t('cooperation.request.close')}
            </button>
          )}
        </p>
      ) : null}
      {publish.error ? <ErrorAlert message={publish.error.message} /> : null}
      {canHelp && r.status === 'published' ? (
        <p>
          <button type="button" onClick={() => interest.mutate(undefined)} disabled={interest.isPending}>
            {t('cooperation.request.offerHelp')}
          </button>
        </p>
      ) : null}
      {interest.error ? <ErrorAlert message={interest.error instanceof ApiError ? interest.error.message : String(interest.error)} /> : null}
      {done ? <StatusMessage>{done}</StatusMessage> : null}

      {r.status === 'published' ? (
        <section aria-labelledby="coop-proposals">
          <h2 id="coop-proposals">{t('cooperation.request.proposals')}</h2>
          <QueryState isLoading={matches.isLoading} error={matches.error} />
          {m ? (
            <>
              <h3>{t('cooperation.request.offers', { count: m.offers.length })}</h3>
              {m.offers.length === 0 ? <p>{t('cooperation.request.noOffers')}</p> : null}
              <ul className="plain coop-cards">
                {m.offers.map((o) => (
                  <li key={o.id} className="coop-card">
                    <p className="coop-card-title">
                      {o.title} — {o.by.name}
                    </p>
                    <p className="coop-why">{o.why}</p>
                    {(requester || secretariat || (user?.role === 'contributor' && user.organisation?.code === o.by.code) || (user?.role === 'focal_point' && user.countryCode === o.by.code)) ? (
                      <button type="button" onClick={() => interest.mutate(o.id)} disabled={interest.isPending} aria-label={t('cooperation.request.interestIn', { title: o.title })}>
                        {t('cooperation.request.expressInterest')}
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
              <h3>{t('cooperation.request.practices', { count: m.practices.length })}</h3>
              {m.practices.length === 0 ? <p>{t('cooperation.request.noPractices')}</p> : null}
              <ul className="plain coop-cards">
                {m.practices.map((p) => (
                  <li key={p.id} className="coop-card">
                    <p className="coop-card-title">
                      <Link to={`/practices/${p.slug}`}>{p.title}</Link> ({p.countries.join(', ')})
                    </p>
                    <p className="coop-why">{p.why}</p>
                  </li>
                ))}
              </ul>
              <h3>{t('cooperation.request.countries', { count: m.countries.length })}</h3>
              {m.countries.length === 0 ? <p>{t('cooperation.request.noCountries')}</p> : null}
              <ul className="plain coop-cards">
                {m.countries.map((c) => (
                  <li key={c.code} className="coop-card">
                    <p className="coop-card-title">{c.name}</p>
                    <p className="coop-why">{c.why}</p>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      {user ? (
        <section aria-labelledby="coop-cooperations">
          <h2 id="coop-cooperations">{t('cooperation.request.cooperations')}</h2>
          {r.cooperations.length === 0 ? <p>{t('cooperation.request.noCooperations')}</p> : null}
          <ul className="plain coop-cards">
            {r.cooperations.map((c) => (
              <CooperationRow key={c.id} c={c} secretariat={secretariat} requestId={id} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
