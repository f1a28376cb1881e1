import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, get, patch } from '../../api/client.ts';
import { TextField } from '../../components/Field.tsx';
import { StatusMessage } from '../../components/Alert.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { EditDialog } from '../../components/Dialog.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { SaveActions } from '../../components/FormActions.tsx';
import { useLang, useTitle } from '../../app/hooks.ts';
import type { Country as CountryRow, Objective as ObjectiveRow } from '../../../shared/contracts/reference.ts';

/** Shared vocabularies kept by the secretariat: country names and CRM/CSM membership, GCM objective labels. */
const MEMBERSHIPS = ['CRM', 'CSM'] as const;

function CountryForm(props: { country: CountryRow; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [es, setEs] = useState(props.country.names.es ?? '');
  const [en, setEn] = useState(props.country.names.en ?? '');
  const [members, setMembers] = useState<string[]>(props.country.memberships);
  const save = useMutation({
    mutationFn: () => patch<unknown>(`/api/v1/reference/countries/${props.country.code}`, { name: { es: es.trim(), en: en.trim() }, memberships: members }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['reference-countries'] });
      await qc.invalidateQueries({ queryKey: ['countries'] });
      props.onDone();
    },
  });
  const error = save.error instanceof ApiError ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate className="grid-form">
      <TextField label={t('admin.reference.nameEs')} name="nameEs" lang="es" required value={es} onChange={(e) => setEs(e.target.value)} error={error?.issueFor('name.es') ?? error?.issueFor('name')} />
      <TextField label={t('admin.reference.nameEn')} name="nameEn" lang="en" required value={en} onChange={(e) => setEn(e.target.value)} error={error?.issueFor('name.en')} />
      <fieldset>
        <legend>{t('admin.reference.memberships')}</legend>
        {MEMBERSHIPS.map((m) => (
          <label key={m} className="checkbox">
            <input type="checkbox" checked={members.includes(m)} onChange={(e) => setMembers(e.target.checked ? [...members, m] : members.filter((x) => x !== m))} /> {t(`admin.reference.member.${m}`)}
          </label>
        ))}
      </fieldset>
      <SaveActions error={save.error} pending={save.isPending} onCancel={props.onCancel} />
    </form>
  );
}

function ObjectiveForm(props: { objective: ObjectiveRow; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [es, setEs] = useState(props.objective.shortTitles.es ?? '');
  const [en, setEn] = useState(props.objective.shortTitles.en ?? '');
  const save = useMutation({
    mutationFn: () => patch<unknown>(`/api/v1/reference/gcm/objectives/${props.objective.number}`, { shortTitle: { es: es.trim(), en: en.trim() } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['reference-objectives'] });
      props.onDone();
    },
  });
  const error = save.error instanceof ApiError ? save.error : null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      noValidate
      className="grid-form"
    >
      <TextField label={t('admin.reference.shortEs')} name="shortEs" lang="es" required value={es} onChange={(e) => setEs(e.target.value)} error={error?.issueFor('shortTitle.es') ?? error?.issueFor('shortTitle')} />
      <TextField label={t('admin.reference.shortEn')} name="shortEn" lang="en" required value={en} onChange={(e) => setEn(e.target.value)} error={error?.issueFor('shortTitle.en')} />
      <SaveActions error={save.error} pending={save.isPending} onCancel={props.onCancel} />
    </form>
  );
}

/** A row's edit button; its dialog closes, and `onSaved` announces the change, once the form is saved. */
function EditCell(props: { label: string; onSaved: () => void; children: (done: () => void, close: () => void) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <td>
      <EditDialog triggerText={t('common.edit')} triggerLabel={props.label} title={props.label}>
        {(close) =>
          props.children(() => {
            props.onSaved();
            close();
          }, close)
        }
      </EditDialog>
    </td>
  );
}

export function ReferencePage() {
  const { t } = useTranslation();
  const lang = useLang();
  useTitle(t('admin.reference.title'));
  const [filter, setFilter] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const countries = useQuery({
    queryKey: ['reference-countries', lang],
    queryFn: () => get<{ items: CountryRow[] }>('/api/v1/reference/countries').then((r) => r.items),
  });
  const objectives = useQuery({
    queryKey: ['reference-objectives', lang],
    queryFn: () => get<{ items: ObjectiveRow[] }>('/api/v1/reference/gcm/objectives').then((r) => r.items),
  });
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const all = countries.data ?? [];
    // Members first: they are the ones whose names and membership matter most here.
    const sorted = [...all].sort((a, b) => Number(b.memberships.length > 0) - Number(a.memberships.length > 0) || a.name.localeCompare(b.name, lang));
    return f ? sorted.filter((c) => c.code.toLowerCase().includes(f) || c.name.toLowerCase().includes(f)) : sorted;
  }, [countries.data, filter, lang]);
  return (
    <>
      <StatusMessage>{status}</StatusMessage>
      <section aria-labelledby="ref-countries">
        <h2 id="ref-countries">{t('admin.reference.countries')}</h2>
        <TextField label={t('admin.reference.filter')} name="filter" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <QueryState isLoading={countries.isLoading} error={countries.error} />
        <DataTable
          caption={t('admin.reference.countriesCaption', { count: shown.length })}
          columns={[t('admin.reference.code'), t('admin.reference.name'), t('admin.reference.memberships'), t('common.actions')]}
          rows={shown}
          rowKey={(c) => c.code}
          cells={(c) => (
            <>
              <th scope="row">
                <code>{c.code}</code>
              </th>
              <td>{c.name}</td>
              <td>{c.memberships.length ? c.memberships.join(', ') : t('common.none')}</td>
              <EditCell label={t('admin.reference.editCountry', { code: c.code })} onSaved={() => setStatus(t('admin.reference.saved', { code: c.code }))}>
                {(done, close) => <CountryForm country={c} onCancel={close} onDone={done} />}
              </EditCell>
            </>
          )}
        />
      </section>
      <section aria-labelledby="ref-objectives">
        <h2 id="ref-objectives">{t('admin.reference.objectives')}</h2>
        <QueryState isLoading={objectives.isLoading} error={objectives.error} />
        <DataTable
          caption={t('admin.reference.objectivesCaption')}
          columns={['#', t('admin.reference.shortTitle'), t('admin.reference.officialTitle'), t('common.actions')]}
          rows={objectives.data ?? []}
          rowKey={(o) => o.number}
          cells={(o) => (
            <>
              <th scope="row">{o.number}</th>
              <td>{o.shortTitle}</td>
              <td>{o.title}</td>
              <EditCell label={t('admin.reference.editObjective', { number: o.number })} onSaved={() => setStatus(t('admin.reference.savedObjective', { number: o.number }))}>
                {(done, close) => <ObjectiveForm objective={o} onCancel={close} onDone={done} />}
              </EditCell>
            </>
          )}
        />
      </section>
    </>
  );
}
