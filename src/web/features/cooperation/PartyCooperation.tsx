import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/hooks.ts';
import { useCooperations, useOffers, useRequests } from './api.ts';

/** A country's or an organisation's requests, offers and (for members) cooperations, for its page. */
export function PartyCooperation({ country, organisation }: { country?: string; organisation?: string }) {
  const { t } = useTranslation();
  const signedIn = !!useSession().data?.user;
  const requests = useRequests({ country }, !!country);
  const offers = useOffers(country ? { country } : { organisation });
  const coops = useCooperations(country ? { country } : { organisation }, signedIn);
  const reqs = organisation ? [] : (requests.data?.items ?? []);
  return (
    <section aria-labelledby="party-cooperation">
      <h2 id="party-cooperation">{t('cooperation.party.title')}</h2>
      <p>
        <Link to="/cooperation">{t('cooperation.hub.title')}</Link>
      </p>
      {!organisation ? (
        <>
          <h3>{t('cooperation.hub.requests', { count: reqs.length })}</h3>
          <ul>
            {reqs.map((r) => (
              <li key={r.id}>
                <Link to={`/cooperation/requests/${r.id}`}>{r.title}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t('cooperation.hub.offers', { count: offers.data?.items.length ?? 0 })}</h3>
      <ul>
        {(offers.data?.items ?? []).map((o) => (
          <li key={o.id}>{o.title}</li>
        ))}
      </ul>
      {signedIn ? (
        <>
          <h3>{t('cooperation.party.cooperations', { count: coops.data?.items.length ?? 0 })}</h3>
          <ul>
            {(coops.data?.items ?? []).map((c) => (
              <li key={c.id}>
                <Link to={`/cooperation/requests/${c.request.id}`}>{c.request.title}</Link> — {c.request.country.name} · {c.partner.name} · {t(`cooperation.cooperationStatus.${c.status}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
