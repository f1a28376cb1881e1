import { useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post, put } from '../../api/client.ts';
import { QueryState } from '../../components/Loading.tsx';
import { ErrorAlert } from '../../components/Alert.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { useCountries, useSession, useTitle } from '../../app/hooks.ts';
import { SUPPORT_KINDS, useObjectiveList, useRequest, type HubRequest } from './api.ts';

/**
 * Posting a request (a focal point for its country) or an offer (a focal point for its
 * country, a contributor for its organisation). The secretariat names the country or the
 * organisation. Saved as a draft or published at once; the server checks everything again.
 */
type Values = Record<'titleEs' | 'titleEn' | 'description' | 'extra' | 'groups' | 'contact' | 'visibility' | 'country' | 'organisation', string>;

/** The form's fields: empty for a new entry, the request's own values for an edit. */
function initialValues(what: 'request' | 'offer', editing?: HubRequest): Values {
  if (!editing) return { titleEs: '', titleEn: '', description: '', extra: '', groups: '', contact: '', visibility: what === 'request' ? 'members' : 'public', country: '', organisation: '' };
  const e = editing;
  return { titleEs: e.titleAll.es ?? '', titleEn: e.titleAll.en ?? '', description: e.descriptionAll.es ?? '', extra: e.timeframe ?? '', groups: e.targetGroups.join(', '), contact: e.contact ?? '', visibility: e.visibility, country: '', organisation: '' };
}

function PostForm({ what, editing }: { what: 'request' | 'offer'; editing?: HubRequest }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const user = useSession().data?.user;
  const countries = useCountries();
  const objectives = useObjectiveList();
  const secretariat = user?.role === 'admin' || user?.role === 'secretariat';
  const [v, setV] = useState(() => initialValues(what, editing));
  const [objs, setObjs] = useState<number[]>(editing?.objectives ?? []);
  const [kinds, setKinds] = useState<string[]>(editing?.kinds ?? []);
  useTitle(t(editing ? 'cooperation.form.editTitle' : `cooperation.form.${what}Title`));
  // An edit keeps the texts the form does not show (other languages); the status has its own buttons.
  const edit = useMutation({
    mutationFn: () =>
      put(`/api/v1/cooperation/requests/${editing!.id}`, {
        title: { ...editing!.titleAll, es: v.titleEs, en: v.titleEn },
        description: { ...editing!.descriptionAll, es: v.description },
        timeframe: v.extra || null,
        objectives: objs,
        kinds,
        targetGroups: v.groups.split(',').map((s) => s.trim()).filter(Boolean),
        contact: v.contact || null,
        visibility: v.visibility,
      }),
    onSuccess: () => void navigate(`/cooperation/requests/${editing!.id}`),
  });
  const create = useMutation({
    mutationFn: (publish: boolean) =>
      post<{ id: string }>(`/api/v1/cooperation/${what}s`, {
        ...(secretariat && v.country ? { country: v.country } : {}),
        ...(secretariat && what === 'offer' && v.organisation ? { organisation: v.organisation } : {}),
        title: { es: v.titleEs, en: v.titleEn },
        description: { es: v.description },
        ...(what === 'request' ? { timeframe: v.extra || null } : { conditions: { es: v.extra } }),
        objectives: objs,
        kinds,
        targetGroups: v.groups.split(',').map((s) => s.trim()).filter(Boolean),
        contact: v.contact || null,
        visibility: v.visibility,
        publish,
      }),
    onSuccess: (r) => void navigate(what === 'request' ? `/cooperation/requests/${r.id}` : '/cooperation'),
  });
  const save = editing ? edit : create;
  const issue = (path: string) => (save.error instanceof ApiError ? save.error.issues?.find((i) => i.path === path || i.path.startsWith(`${path}.`))?.message : undefined);
  const field = (k: keyof typeof v) => ({ value: v[k], onChange: (e: { target: { value: string } }) => setV((o) => ({ ...o, [k]: e.target.value })) });
  const toggle = <T,>(list: T[], x: T) => (list.includes(x) ? list.filter((y) => y !== x) : [...list, x]);
  const submit = (publish: boolean) => (e: FormEvent) => {
    e.preventDefault();
    if (editing) edit.mutate();
    else create.mutate(publish);
  };
  return (
    <>
      <h1>{editing ? t('cooperation.form.editTitle') : t(`cooperation.form.${what}Title`)}</h1>
      <p className="lead">{editing ? t('cooperation.form.editIntro', { country: editing.country.name }) : t(`cooperation.form.${what}Intro`)}</p>
      <form onSubmit={submit(true)} noValidate>
        {secretariat && !editing ? (
          <SelectField label={t('cooperation.fields.country')} error={issue('country')} {...field('country')}>
            <option value="">—</option>
            {(countries.data ?? []).map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </SelectField>
        ) : null}
        {secretariat && what === 'offer' ? <TextField label={t('cooperation.fields.organisationCode')} hint={t('cooperation.form.organisationHint')} error={issue('organisation')} {...field('organisation')} /> : null}
        <TextField label={t('cooperation.fields.titleEs')} required error={issue('title')} {...field('titleEs')} />
        <TextField label={t('cooperation.fields.titleEn')} {...field('titleEn')} />
        <div className="field">
          <label htmlFor="coop-description">{t('cooperation.fields.description')}</label>
          <textarea id="coop-description" rows={5} {...field('description')} />
        </div>
        <fieldset className="coop-checks" aria-describedby={issue('objectives') ? 'coop-obj-error' : undefined}>
          <legend>{t('cooperation.fields.objectives')}</legend>
          {(objectives.data ?? []).map((o) => (
            <label key={o.number}>
              <input type="checkbox" checked={objs.includes(o.number)} onChange={() => setObjs((l) => toggle(l, o.number))} />
              {o.number}. {o.shortTitle || o.title}
            </label>
          ))}
          {issue('objectives') ? (
            <p className="field-error" id="coop-obj-error">
              {issue('objectives')}
            </p>
          ) : null}
        </fieldset>
        <fieldset className="coop-checks" aria-describedby={issue('kinds') ? 'coop-kind-error' : undefined}>
          <legend>{t('cooperation.fields.kinds')}</legend>
          {SUPPORT_KINDS.map((k) => (
            <label key={k}>
              <input type="checkbox" checked={kinds.includes(k)} onChange={() => setKinds((l) => toggle(l, k))} />
              {t(`cooperation.kinds.${k}`)}
            </label>
          ))}
          {issue('kinds') ? (
            <p className="field-error" id="coop-kind-error">
              {issue('kinds')}
            </p>
          ) : null}
        </fieldset>
        <TextField label={t('cooperation.fields.targetGroups')} hint={t('cooperation.form.commaList')} {...field('groups')} />
        <TextField label={t(what === 'request' ? 'cooperation.fields.timeframe' : 'cooperation.fields.conditions')} {...field('extra')} />
        <TextField label={t('cooperation.fields.contact')} {...field('contact')} />
        <SelectField label={t('cooperation.fields.visibility')} {...field('visibility')}>
          <option value="members">{t('cooperation.visibility.members')}</option>
          <option value="public">{t('cooperation.visibility.public')}</option>
        </SelectField>
        {save.error ? <ErrorAlert message={save.error.message} /> : null}
        <p className="coop-actions">
          <button type="submit" disabled={save.isPending}>
            {editing ? t('cooperation.form.saveChanges') : t('cooperation.form.publish')}
          </button>
          {editing ? null : (
            <button type="button" className="secondary" onClick={submit(false)} disabled={save.isPending}>
              {t('cooperation.form.saveDraft')}
            </button>
          )}
        </p>
      </form>
    </>
  );
}

export const RequestFormPage = () => <PostForm what="request" />;
export const OfferFormPage = () => <PostForm what="offer" />;

/** Editing a posted request (its country's focal points, the secretariat): the form, filled in. */
export function RequestEditPage() {
  const { id = '' } = useParams();
  const request = useRequest(id);
  if (!request.data) return <QueryState isLoading={request.isLoading} error={request.error} />;
  return <PostForm what="request" editing={request.data} />;
}
