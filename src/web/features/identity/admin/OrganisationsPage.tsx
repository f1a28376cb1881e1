import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, patch, post, ORG_KINDS, type OrgKind, type Organisation } from '../../../api/client.ts';
import { SelectField, TextField } from '../../../components/Field.tsx';
import { StatusMessage } from '../../../components/Alert.tsx';
import { QueryState } from '../../../components/Loading.tsx';
import { EditDialog } from '../../../components/Dialog.tsx';
import { DataTable } from '../../../components/DataTable.tsx';
import { CountryOptions } from '../../../components/CountryOptions.tsx';
import { SaveActions } from '../../../components/FormActions.tsx';
import { useCountries, useCountryName, useOrganisationList, useOrganisations, useTitle } from '../../../app/hooks.ts';

interface Draft {
  code: string;
  kind: OrgKind;
  nameEs: string;
  nameEn: string;
  acronym: string;
  countryCode: string;
}

const EMPTY: Draft = { code: '', kind: 'state_institution', nameEs: '', nameEn: '', acronym: '', countryCode: '' };

/** The same fields for creating and editing (the code cannot change once created). */
function OrganisationForm(props: { initial: Draft; existing?: Organisation; submitText: string; onDone: (code: string) => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const countries = useCountries();
  const [d, setD] = useState<Draft>(props.initial);
  const save = useMutation({
    mutationFn: () => {
      const name = { es: d.nameEs.trim(), en: d.nameEn.trim() };
      const common = { kind: d.kind, name, acronym: d.acronym.trim() || null, countryCode: d.countryCode || null };
      return props.existing
        ? patch<unknown>(`/api/v1/organisations/${props.existing.id}`, common)
        : post<unknown>('/api/v1/organisations', { code: d.code.trim(), ...common });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['organisations'] });
      await queryClient.invalidateQueries({ queryKey: ['first-steps'] });
      props.onDone(props.existing?.code ?? d.code.trim().toUpperCase());
      if (!props.existing) setD(EMPTY);
    },
  });
  const error = save.error instanceof ApiError ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="grid-form">
      {props.existing ? null : (
        <TextField
          label={t('admin.orgs.code')}
          hint={t('admin.orgs.codeHint')}
          name="code"
          required
          maxLength={32}
          value={d.code}
          onChange={(e) => setD({ ...d, code: e.target.value })}
          error={error?.issueFor('code')}
        />
      )}
      <SelectField label={t('admin.orgs.kind')} name="kind" value={d.kind} onChange={(e) => setD({ ...d, kind: e.target.value as OrgKind })} error={error?.issueFor('kind')}>
        {ORG_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`orgKind.${k}`)}
          </option>
        ))}
      </SelectField>
      <TextField label={t('admin.orgs.nameEs')} name="nameEs" lang="es" required value={d.nameEs} onChange={(e) => setD({ ...d, nameEs: e.target.value })} error={error?.issueFor('name.es') ?? error?.issueFor('name')} />
      <TextField label={t('admin.orgs.nameEn')} name="nameEn" lang="en" required value={d.nameEn} onChange={(e) => setD({ ...d, nameEn: e.target.value })} error={error?.issueFor('name.en')} />
      <TextField label={t('admin.orgs.acronym')} name="acronym" maxLength={40} value={d.acronym} onChange={(e) => setD({ ...d, acronym: e.target.value })} error={error?.issueFor('acronym')} />
      <SelectField label={t('admin.orgs.country')} name="countryCode" value={d.countryCode} onChange={(e) => setD({ ...d, countryCode: e.target.value })} error={error?.issueFor('countryCode')}>
        <option value="">{t('common.noneOption')}</option>
        <CountryOptions countries={countries.data ?? []} />
      </SelectField>
      <SaveActions error={save.error} pending={save.isPending} submitText={props.submitText} onCancel={props.onCancel} />
    </form>
  );
}

export function OrganisationsPage() {
  const { t } = useTranslation();
  useTitle(t('admin.orgs.title'));
  const orgs = useOrganisations();
  // In the order every other list shows them (name in the reader's language, then country).
  const sorted = useOrganisationList();
  const countryName = useCountryName();
  const [status, setStatus] = useState<string | null>(null);
  return (
    <>
      <section aria-labelledby="org-new-title" className="panel">
        <h2 id="org-new-title">{t('admin.orgs.formTitle')}</h2>
        <OrganisationForm initial={EMPTY} submitText={t('admin.orgs.create')} onDone={(code) => setStatus(t('admin.orgs.created', { code }))} />
      </section>
      <section aria-labelledby="orgs-title">
        <h2 id="orgs-title">{t('admin.orgs.title')}</h2>
        <StatusMessage>{status}</StatusMessage>
        <QueryState isLoading={orgs.isLoading} error={orgs.error} />
        <DataTable
          caption={t('admin.orgs.caption')}
          columns={[t('admin.orgs.colCode'), t('admin.orgs.colName'), t('admin.orgs.colAcronym'), t('admin.orgs.colKind'), t('admin.orgs.colCountry'), t('common.actions')]}
          rows={orgs.data ? sorted : undefined}
          rowKey={(o) => o.id}
          cells={(o) => (
            <>
              <th scope="row">
                <code>{o.code}</code>
              </th>
              <td>{o.name}</td>
              <td>{o.acronym ?? t('common.none')}</td>
              <td>{t(`orgKind.${o.kind}`)}</td>
              <td>{o.countryCode ? countryName(o.countryCode) : t('common.none')}</td>
              <td>
                <EditDialog triggerText={t('common.edit')} triggerLabel={t('admin.orgs.editLabel', { code: o.code })} title={t('admin.orgs.editTitle', { code: o.code })}>
                  {(close) => (
                    <OrganisationForm
                      existing={o}
                      initial={{ code: o.code, kind: o.kind, nameEs: o.names.es ?? '', nameEn: o.names.en ?? '', acronym: o.acronym ?? '', countryCode: o.countryCode ?? '' }}
                      submitText={t('common.save')}
                      onCancel={close}
                      onDone={(code) => {
                        setStatus(t('admin.orgs.saved', { code }));
                        close();
                      }}
                    />
                  )}
                </EditDialog>
              </td>
            </>
          )}
        />
      </section>
    </>
  );
}
