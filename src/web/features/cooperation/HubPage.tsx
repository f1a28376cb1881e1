import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { SelectField } from '../../components/Field.tsx';
import { useSession, useTitle } from '../../app/hooks.ts';
import { useGaps, useOffers, useRequests, type Facet, type Filters, type HubOffer, type HubRequest } from './api.ts';

function FacetSelect({ label, facet, value, onChange, word }: { label: string; facet: Facet[] | undefined; value: string | undefined; onChange: (v: string) => void; word?: (v: string) => string }) {
  const { t } = useTranslation();
  return (
    <SelectField label={label} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('cooperation.hub.any')}</option>
      {(facet ?? []).map((f) => (
        <option key={f.value} value={f.value}>
          {word ? word(f.value) : f.label} ({f.count})
        </option>
      ))}
    </SelectField>
  );
}

export function Kinds({ kinds }: { kinds: string[] }) {
  const { t } = useTranslation();
  return <>{kinds.map((k) => t(`cooperation.kinds.${k}`)).join(', ')}</>;
}

function RequestCard({ r }: { r: HubRequest }) {
  const { t } = useTranslation();
  return (
    <li className="coop-card">
      <h3 className="coop-card-title">
        <Link to={`/cooperation/requests/${r.id}`}>{r.title}</Link>
      </h3>
      <p className="coop-small">
        {r.country.name} · {t('cooperation.fields.objectives')}: {r.objectives.join(', ')} · <Kinds kinds={r.kinds} />
        {r.status !== 'published' ? ` · ${t(`cooperation.status.${r.status}`)}` : ''}
      </p>
    </li>
  );
}

function OfferCard({ f }: { f: HubOffer }) {
  const { t } = useTranslation();
  return (
    <li className="coop-card">
      <h3 className="coop-card-title">{f.title}</h3>
      <p className="coop-small">
        {f.by.kind === 'organisation' ? <Link to={`/cooperation/organisations/${f.by.code}`}>{f.by.name}</Link> : f.by.name} · {t('cooperation.fields.objectives')}: {f.objectives.join(', ')} · <Kinds kinds={f.kinds} />
      </p>
      {f.conditions ? <p className="coop-small muted">{t('cooperation.fields.conditions')}: {f.conditions}</p> : null}
    </li>
  );
}

/** The hub: open requests and offers with facets, and where the region asks and nobody offers. */
export function HubPage() {
  const { t } = useTranslation();
  const session = useSession();
  const user = session.data?.user;
  const [f, setF] = useState<Filters>({});
  const requests = useRequests({ objective: f.objective, kind: f.kind, country: f.country });
  const offers = useOffers(f);
  const gaps = useGaps();
  useTitle(t('cooperation.hub.title'));
  const set = (k: keyof Filters) => (v: string) => setF((old) => ({ ...old, [k]: v || undefined }));
  const kindWord = (v: string) => t(`cooperation.kinds.${v}`);
  const asking = (gaps.data?.objectives ?? []).filter((o) => o.requests > 0 || o.offers > 0);
  return (
    <>
      <h1>{t('cooperation.hub.title')}</h1>
      <p className="lead">{t('cooperation.hub.intro')}</p>
      {user ? (
        <p className="coop-actions">
          {user.role === 'focal_point' || user.role === 'admin' || user.role === 'secretariat' ? (
            <Link className="button" to="/cooperation/requests/new">
              {t('cooperation.hub.newRequest')}
            </Link>
          ) : null}{' '}
          {user.role !== 'member_viewer' ? (
            <Link className="button" to="/cooperation/offers/new">
              {t('cooperation.hub.newOffer')}
            </Link>
          ) : null}{' '}
          {['admin', 'secretariat', 'contributor'].includes(user.role) ? (
            <Link className="button" to="/cooperation/catalogue">
              {t('cooperation.catalogue.link')}
            </Link>
          ) : null}
        </p>
      ) : null}
      <form className="filters" aria-label={t('cooperation.hub.filters')} onSubmit={(e) => e.preventDefault()}>
        <FacetSelect label={t('cooperation.fields.objective')} facet={mergeFacets(requests.data?.facets.objective, offers.data?.facets.objective)} value={f.objective} onChange={set('objective')} />
        <FacetSelect label={t('cooperation.fields.kind')} facet={mergeFacets(requests.data?.facets.kind, offers.data?.facets.kind)} value={f.kind} onChange={set('kind')} word={kindWord} />
        <FacetSelect label={t('cooperation.fields.country')} facet={mergeFacets(requests.data?.facets.country, offers.data?.facets.country)} value={f.country} onChange={set('country')} />
        <FacetSelect label={t('cooperation.fields.organisation')} facet={offers.data?.facets.organisation} value={f.organisation} onChange={set('organisation')} />
      </form>
      <div className="coop-columns">
        <section aria-labelledby="coop-requests">
          <h2 id="coop-requests">{t('cooperation.hub.requests', { count: requests.data?.total ?? 0 })}</h2>
          <QueryState isLoading={requests.isLoading} error={requests.error} />
          {requests.data?.items.length === 0 ? <p>{t('cooperation.hub.noRequests')}</p> : null}
          <ul className="plain coop-cards">{f.organisation ? null : requests.data?.items.map((r) => <RequestCard key={r.id} r={r} />)}</ul>
        </section>
        <section aria-labelledby="coop-offers">
          <h2 id="coop-offers">{t('cooperation.hub.offers', { count: offers.data?.total ?? 0 })}</h2>
          <QueryState isLoading={offers.isLoading} error={offers.error} />
          {offers.data?.items.length === 0 ? <p>{t('cooperation.hub.noOffers')}</p> : null}
          <ul className="plain coop-cards">{offers.data?.items.map((o) => <OfferCard key={o.id} f={o} />)}</ul>
        </section>
      </div>
      <section aria-labelledby="coop-gaps">
        <h2 id="coop-gaps">{t('cooperation.gaps.title')}</h2>
        <p>{t('cooperation.gaps.intro')}</p>
        <QueryState isLoading={gaps.isLoading} error={gaps.error} />
        {gaps.data && asking.length === 0 ? <p>{t('cooperation.gaps.none')}</p> : null}
        {asking.length ? (
          <div className="table-wrap">
            <table>
              <caption>{t('cooperation.gaps.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cooperation.fields.objective')}</th>
                  <th scope="col">{t('cooperation.gaps.requests')}</th>
                  <th scope="col">{t('cooperation.gaps.offers')}</th>
                  <th scope="col">{t('cooperation.gaps.countries')}</th>
                </tr>
              </thead>
              <tbody>
                {asking.map((o) => (
                  <tr key={o.number}>
                    <th scope="row">
                      {o.number}. {o.title}
                    </th>
                    <td>{o.requests}</td>
                    <td>{o.gap ? <strong>{t('cooperation.gaps.nobody')}</strong> : o.offers}</td>
                    <td>{o.countries.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}

/** One facet list from the requests' and the offers' (their counts added). */
function mergeFacets(a: Facet[] | undefined, b: Facet[] | undefined): Facet[] | undefined {
  if (!a && !b) return undefined;
  const m = new Map<string, Facet>();
  for (const f of [...(a ?? []), ...(b ?? [])]) {
    const old = m.get(f.value);
    m.set(f.value, old ? { ...old, count: old.count + f.count } : f);
  }
  return [...m.values()].sort((x, y) => x.value.localeCompare(y.value, undefined, { numeric: true }));
}
