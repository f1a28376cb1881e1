import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post } from '../../api/client.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { SelectField } from '../../components/Field.tsx';
import { useCountryName, useFormat, useSession, useTitle } from '../../app/hooks.ts';
import type { Account, Grant } from './api.ts';

/**
 * Who holds the exchange's capacities (docs/adr/0014): a country's focal point proposes one for
 * a named account of their country; it does nothing until the secretariat confirms it; either
 * ends it. Nobody here sees a record — the page shows accounts, capacities and dates only.
 */
function ProposeForm({ onDone }: { onDone: (m: string) => void }) {
  const { t } = useTranslation();
  const accounts = useQuery({ queryKey: ['cases', 'grant-accounts'], queryFn: () => get<{ items: Account[] }>('/api/v1/cases/grants/accounts').then((r) => r.items) });
  const [userId, setUserId] = useState('');
  const [capacity, setCapacity] = useState('search_authority');
  const propose = useMutation({
    mutationFn: () => post('/api/v1/cases/grants', { userId, capacity }),
    onSuccess: () => onDone(t('cases.grants.proposed')),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    propose.mutate();
  };
  const err = propose.error instanceof ApiError ? propose.error : null;
  return (
    <form onSubmit={submit} noValidate aria-labelledby="cases-propose">
      <h2 id="cases-propose">{t('cases.grants.propose')}</h2>
      <p className="hint">{t('cases.grants.proposeHint')}</p>
      <SelectField label={t('cases.grants.account')} value={userId} onChange={(e) => setUserId(e.target.value)} error={err?.issueFor('userId')}>
        <option value="">—</option>
        {(accounts.data ?? []).map((a) => (
          <option key={a.id} value={a.id}>
            {a.displayName ? `${a.displayName} (${a.email})` : a.email}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('cases.grants.capacity')} value={capacity} onChange={(e) => setCapacity(e.target.value)}>
        <option value="search_authority">{t('cases.capacity.search_authority')}</option>
        <option value="forensic_service">{t('cases.capacity.forensic_service')}</option>
      </SelectField>
      <ErrorAlert message={propose.error && !err?.issueFor('userId') ? propose.error.message : null} />
      <button type="submit" disabled={propose.isPending}>
        {t('cases.grants.proposeButton')}
      </button>
    </form>
  );
}

export function GrantsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const country = useCountryName();
  const queryClient = useQueryClient();
  const role = useSession().data?.user?.role;
  const [message, setMessage] = useState<string | null>(null);
  useTitle(t('cases.grants.title'));
  const grants = useQuery({ queryKey: ['cases', 'grants'], queryFn: () => get<{ items: Grant[] }>('/api/v1/cases/grants').then((r) => r.items) });
  const done = async (m: string) => {
    setMessage(m);
    await queryClient.invalidateQueries({ queryKey: ['cases', 'grants'] });
  };
  const act = useMutation({
    mutationFn: ({ g, what }: { g: Grant; what: 'confirm' | 'revoke' }) => post(`/api/v1/cases/grants/${g.id}/${what}`),
    onSuccess: (_r, v) => done(t(v.what === 'confirm' ? 'cases.grants.confirmed' : 'cases.grants.revoked', { email: v.g.email })),
  });
  return (
    <>
      <h1>{t('cases.grants.title')}</h1>
      <p className="lead">{t(role === 'secretariat' ? 'cases.grants.introSecretariat' : 'cases.grants.introFocal')}</p>
      <StatusMessage>{message}</StatusMessage>
      {role === 'focal_point' ? <ProposeForm onDone={(m) => void done(m)} /> : null}
      <h2>{t('cases.grants.list')}</h2>
      <QueryState isLoading={grants.isLoading} error={grants.error} />
      <ErrorAlert message={act.error?.message ?? null} />
      {grants.data && grants.data.length === 0 ? <p>{t('cases.grants.none')}</p> : null}
      {grants.data && grants.data.length > 0 ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('cases.grants.list')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('cases.grants.account')}</th>
                <th scope="col">{t('cases.fields.country')}</th>
                <th scope="col">{t('cases.grants.capacity')}</th>
                <th scope="col">{t('cases.grants.state')}</th>
                <th scope="col">{t('cases.grants.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {grants.data.map((g) => (
                <tr key={g.id}>
                  <td>{g.displayName ? `${g.displayName} (${g.email})` : g.email}</td>
                  <td>{country(g.countryCode)}</td>
                  <td>{t(`cases.capacity.${g.capacity}`)}</td>
                  <td>
                    {t(`cases.grants.states.${g.state}`)} · {fmt.date(g.revokedAt ?? g.confirmedAt ?? g.proposedAt)}
                  </td>
                  <td>
                    {role === 'secretariat' && g.state === 'proposed' ? (
                      <button type="button" onClick={() => act.mutate({ g, what: 'confirm' })} disabled={act.isPending} aria-label={t('cases.grants.confirmFor', { email: g.email })}>
                        {t('cases.grants.confirm')}
                      </button>
                    ) : null}{' '}
                    {g.state !== 'revoked' ? (
                      <button type="button" className="button-danger" onClick={() => act.mutate({ g, what: 'revoke' })} disabled={act.isPending} aria-label={t('cases.grants.revokeFor', { email: g.email })}>
                        {t('cases.grants.revoke')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
