import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, del, get, post, ROLES, type Invitation, type Locale, type Role } from '../../../api/client.ts';
import { SelectField, TextField } from '../../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../../components/Alert.tsx';
import { QueryState } from '../../../components/Loading.tsx';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { DataTable } from '../../../components/DataTable.tsx';
import { CountryOptions } from '../../../components/CountryOptions.tsx';
import { OrganisationOptions } from '../../../components/OrganisationOptions.tsx';
import { LocaleOptions } from '../../../components/LocaleOptions.tsx';
import { useCountries, useCountryName, useFormat, useLang, useOrganisationLabel, useOrganisationList, useTitle } from '../../../app/hooks.ts';
import { RevokeButton } from '../RevokeButton.tsx';
import type { InvitationCreated } from '../../../../shared/contracts/identity.ts';

type InviteResult = InvitationCreated;

function InviteForm() {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const countries = useCountries();
  const orgs = useOrganisationList();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('focal_point');
  const [countryCode, setCountryCode] = useState('');
  const [organisationCode, setOrganisationCode] = useState('');
  const [locale, setLocale] = useState<Locale>(lang);
  const invite = useMutation({
    mutationFn: (body: { email: string; role: Role; countryCode: string | null; organisationCode: string | null; locale: Locale }) =>
      post<InviteResult>('/api/v1/admin/invitations', body).then((r) => ({ ...r, email: body.email })),
    onSuccess: async () => {
      setEmail('');
      await queryClient.invalidateQueries({ queryKey: ['admin-invitations'] });
      // the first-steps checklist above reads invitations too
      await queryClient.invalidateQueries({ queryKey: ['first-steps'] });
    },
  });
  const error = invite.error instanceof ApiError ? invite.error : null;
  const result = invite.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate({ email: email.trim(), role, countryCode: countryCode || null, organisationCode: organisationCode || null, locale });
  };
  return (
    <section aria-labelledby="invite-title" className="panel">
      <h2 id="invite-title">{t('admin.invitations.formTitle')}</h2>
      <form onSubmit={submit} noValidate className="grid-form">
        <TextField label={t('admin.invitations.email')} type="email" name="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={error?.issueFor('email')} />
        <SelectField label={t('admin.invitations.role')} name="role" value={role} onChange={(e) => setRole(e.target.value as Role)} error={error?.issueFor('role')}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('admin.invitations.country')} name="countryCode" value={countryCode} onChange={(e) => setCountryCode(e.target.value)} error={error?.issueFor('countryCode')}>
          <option value="">{t('common.noneOption')}</option>
          <CountryOptions countries={countries.data ?? []} />
        </SelectField>
        <SelectField
          label={t('admin.invitations.organisation')}
          name="organisationCode"
          value={organisationCode}
          onChange={(e) => setOrganisationCode(e.target.value)}
          error={error?.issueFor('organisationCode')}
        >
          <option value="">{t('common.noneOption')}</option>
          <OrganisationOptions organisations={orgs} />
        </SelectField>
        <SelectField label={t('admin.invitations.locale')} name="locale" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
          <LocaleOptions />
        </SelectField>
        <div className="form-actions">
          <button type="submit" disabled={invite.isPending}>
            {t('admin.invitations.submit')}
          </button>
        </div>
      </form>
      <ErrorAlert message={error?.message ?? (invite.error ? t('errors.unexpected') : null)} />
      <StatusMessage>
        {result?.emailSent ? t('admin.invitations.sent', { email: result.email }) : null}
      </StatusMessage>
      {result && !result.emailSent && result.link ? (
        <div className="secret">
          <p>{t('admin.invitations.notSent', { email: result.email })}</p>
          <p className="secret-value">
            <code aria-label={t('admin.invitations.linkLabel')}>{result.link}</code> <CopyButton value={result.link} />
          </p>
        </div>
      ) : null}
    </section>
  );
}

export function InvitationsPage() {
  const { t } = useTranslation();
  useTitle(t('admin.invitations.title'));
  const fmt = useFormat();
  const countryName = useCountryName();
  const orgLabel = useOrganisationLabel();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['admin-invitations'], queryFn: () => get<{ items: Invitation[] }>('/api/v1/admin/invitations').then((r) => r.items) });
  const revoke = useMutation({
    mutationFn: (id: string) => del(`/api/v1/admin/invitations/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin-invitations'] }),
  });
  return (
    <>
      <InviteForm />
      <section aria-labelledby="invitations-title">
        <h2 id="invitations-title">{t('admin.invitations.title')}</h2>
        <ErrorAlert message={revoke.error?.message} />
        <StatusMessage>{revoke.isSuccess ? t('admin.invitations.revoked') : null}</StatusMessage>
        <QueryState isLoading={list.isLoading} error={list.error} />
        <DataTable
          caption={t('admin.invitations.caption')}
          columns={[t('admin.invitations.colEmail'), t('admin.invitations.colRole'), t('admin.invitations.colScope'), t('admin.invitations.colBy'), t('admin.invitations.colExpires'), t('admin.invitations.colStatus'), t('common.actions')]}
          rows={list.data}
          rowKey={(inv) => inv.id}
          empty={t('admin.invitations.empty')}
          cells={(inv) => (
            <>
              <th scope="row">{inv.email}</th>
              <td>{t(`roles.${inv.role}`)}</td>
              <td>{[inv.countryCode ? countryName(inv.countryCode) : null, inv.organisationCode ? orgLabel(inv.organisationCode) : null].filter(Boolean).join(' · ') || t('common.none')}</td>
              <td>{inv.createdBy ?? t('common.none')}</td>
              <td>{fmt.dateTime(inv.expiresAt)}</td>
              <td>
                <span className={`badge badge-${inv.status}`}>{t(`invitationStatus.${inv.status}`)}</span>
              </td>
              <td>
                {inv.status === 'open' ? (
                  <RevokeButton label={t('admin.invitations.revokeLabel', { email: inv.email })} text={t('admin.invitations.revoke')} pending={revoke.isPending} onRevoke={() => revoke.mutate(inv.id)} />
                ) : null}
              </td>
            </>
          )}
        />
      </section>
    </>
  );
}
