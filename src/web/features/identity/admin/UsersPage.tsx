import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, get, patch, qs, ROLES, type AdminUser, type Role } from '../../../api/client.ts';
import { SelectField, TextField } from '../../../components/Field.tsx';
import { StatusMessage } from '../../../components/Alert.tsx';
import { QueryState } from '../../../components/Loading.tsx';
import { EditDialog } from '../../../components/Dialog.tsx';
import { DataTable } from '../../../components/DataTable.tsx';
import { CountryOptions } from '../../../components/CountryOptions.tsx';
import { OrganisationOptions } from '../../../components/OrganisationOptions.tsx';
import { SaveActions } from '../../../components/FormActions.tsx';
import { useCountries, useCountryName, useFormat, useOrganisationLabel, useOrganisationList, useTitle } from '../../../app/hooks.ts';

function EditUserForm({ user, close, onSaved }: { user: AdminUser; close: () => void; onSaved: (msg: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const countries = useCountries();
  const orgs = useOrganisationList();
  const [role, setRole] = useState<Role>(user.role);
  const [countryCode, setCountryCode] = useState(user.countryCode ?? '');
  const [organisationCode, setOrganisationCode] = useState(user.organisationCode ?? '');
  const [status, setStatus] = useState(user.status);
  const save = useMutation({
    mutationFn: () => patch(`/api/v1/admin/users/${user.id}`, { role, countryCode: countryCode || null, organisationCode: organisationCode || null, status }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['admin-users'] });
      onSaved(t('admin.users.saved', { email: user.email }));
      close();
    },
  });
  const error = save.error instanceof ApiError ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <SelectField label={t('admin.users.role')} value={role} onChange={(e) => setRole(e.target.value as Role)} error={error?.issueFor('role')}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`roles.${r}`)}
          </option>
        ))}
      </SelectField>
      <SelectField label={t('admin.users.country')} value={countryCode} onChange={(e) => setCountryCode(e.target.value)} error={error?.issueFor('countryCode')}>
        <option value="">{t('common.noneOption')}</option>
        <CountryOptions countries={countries.data ?? []} />
      </SelectField>
      <SelectField
        label={t('admin.users.organisation')}
        value={organisationCode}
        onChange={(e) => setOrganisationCode(e.target.value)}
        error={error?.issueFor('organisationCode')}
      >
        <option value="">{t('common.noneOption')}</option>
        <OrganisationOptions organisations={orgs} />
      </SelectField>
      <SelectField label={t('admin.users.status')} value={status} onChange={(e) => setStatus(e.target.value as AdminUser['status'])} error={error?.issueFor('status')}>
        <option value="active">{t('userStatus.active')}</option>
        <option value="disabled">{t('userStatus.disabled')}</option>
      </SelectField>
      <SaveActions error={save.error} pending={save.isPending} onCancel={close} />
    </form>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  useTitle(t('admin.users.title'));
  const fmt = useFormat();
  const countries = useCountries();
  const countryName = useCountryName();
  const orgLabel = useOrganisationLabel();
  const [draft, setDraft] = useState({ q: '', role: '', country: '' });
  const [filters, setFilters] = useState(draft);
  const [saved, setSaved] = useState<string | null>(null);
  const users = useQuery({
    queryKey: ['admin-users', filters],
    queryFn: () => get<{ items: AdminUser[] }>(`/api/v1/admin/users${qs({ ...filters, pageSize: 200 })}`).then((r) => r.items),
  });
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">{t('admin.users.title')}</h2>
      <form
        className="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(draft);
        }}
      >
        <TextField label={t('admin.users.q')} type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        <SelectField label={t('admin.users.role')} value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value })}>
          <option value="">{t('common.any')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('admin.users.country')} value={draft.country} onChange={(e) => setDraft({ ...draft, country: e.target.value })}>
          <option value="">{t('common.any')}</option>
          <CountryOptions countries={countries.data ?? []} />
        </SelectField>
        <div className="form-actions">
          <button type="submit">{t('common.filter')}</button>
        </div>
      </form>
      <StatusMessage>{saved}</StatusMessage>
      <QueryState isLoading={users.isLoading} error={users.error} />
      {users.data ? <p>{t('common.resultCount', { count: users.data.length })}</p> : null}
      <DataTable
        caption={t('admin.users.caption')}
        columns={[t('admin.users.colEmail'), t('admin.users.colName'), t('admin.users.colRole'), t('admin.users.colCountry'), t('admin.users.colOrganisation'), t('admin.users.colStatus'), t('admin.users.colLastSignIn'), t('common.actions')]}
        rows={users.data}
        rowKey={(u) => u.id}
        cells={(u) => (
          <>
            <th scope="row">{u.email}</th>
            <td>{u.displayName || t('common.none')}</td>
            <td>{t(`roles.${u.role}`)}</td>
            <td>{u.countryCode ? countryName(u.countryCode) : t('common.none')}</td>
            <td>{u.organisationCode ? orgLabel(u.organisationCode) : t('common.none')}</td>
            <td>{t(`userStatus.${u.status}`)}</td>
            <td>{u.lastSignInAt ? fmt.dateTime(u.lastSignInAt) : t('common.none')}</td>
            <td>
              <EditDialog triggerText={t('common.edit')} triggerLabel={t('admin.users.editLabel', { email: u.email })} title={t('admin.users.editTitle', { email: u.email })}>
                {(close) => <EditUserForm user={u} close={close} onSaved={setSaved} />}
              </EditDialog>
            </td>
          </>
        )}
      />
    </section>
  );
}
