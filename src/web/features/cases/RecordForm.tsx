import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post, put } from '../../api/client.ts';
import { ErrorAlert } from '../../components/Alert.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { useCountries, useTitle } from '../../app/hooks.ts';
import { useCasesStatus, useCodes, type FullRecord, type Kind } from './api.ts';
import { body, initial, type Values } from './form-values.ts';

/**
 * A missing-person report (search authority) or unidentified remains (forensic service): new, or
 * corrected with the version it was read at (docs/adr/0021). Marks and belongings are chosen from
 * the structured codes; the consent is a choice of countries. Empty boxes are sent as absent,
 * never as invented values; the server checks everything again and names the field at fault.
 */
type Bind = {
  field: (k: string) => { value: string; onChange: (e: { target: { value: string } }) => void };
  issue: (path: string) => string | undefined;
};

function Area({ k, label, path, hint, bind }: { k: string; label: string; path: string; hint?: string | undefined; bind: Bind }) {
  const error = bind.issue(path);
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={`case-${k}`}>{label}</label>
      {hint ? (
        <p className="hint" id={`case-${k}-hint`}>
          {hint}
        </p>
      ) : null}
      <textarea id={`case-${k}`} rows={2} {...bind.field(k)} aria-describedby={hint ? `case-${k}-hint` : undefined} aria-invalid={error ? true : undefined} />
      {error ? <p className="field-error">{error}</p> : null}
    </div>
  );
}

function Checks({ legend, list, chosen, set, error }: { legend: string; list: { code: string; label: string }[]; chosen: string[]; set: (f: (l: string[]) => string[]) => void; error: string | undefined }) {
  const toggle = (l: string[], x: string) => (l.includes(x) ? l.filter((y) => y !== x) : [...l, x]);
  return (
    <fieldset className="coop-checks">
      <legend>{legend}</legend>
      {list.map((c) => (
        <label key={c.code}>
          <input type="checkbox" checked={chosen.includes(c.code)} onChange={() => set((l) => toggle(l, c.code))} />
          {c.label}
        </label>
      ))}
      {error ? <p className="field-error">{error}</p> : null}
    </fieldset>
  );
}

function PersonFields({ bind: { field, issue }, countries }: { bind: Bind; countries: { code: string; name: string }[] }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('cases.form.person')}</legend>
      <TextField label={t('cases.fields.givenNames')} required autoComplete="off" error={issue('person.givenNames')} {...field('givenNames')} />
      <TextField label={t('cases.fields.familyNames')} required autoComplete="off" error={issue('person.familyNames')} {...field('familyNames')} />
      <TextField label={t('cases.fields.dateOfBirth')} type="date" error={issue('person.dateOfBirth')} {...field('dateOfBirth')} />
      <SelectField label={t('cases.fields.nationality')} {...field('nationality')}>
        <option value="">—</option>
        {countries.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </SelectField>
    </fieldset>
  );
}

function FamilyFields({ bind: { field, issue } }: { bind: Bind }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('cases.form.family')}</legend>
      <p className="hint">{t('cases.form.familyHint')}</p>
      <TextField label={t('cases.fields.familyName')} required autoComplete="off" error={issue('family.name')} {...field('familyName')} />
      <TextField label={t('cases.fields.familyRelationship')} {...field('familyRelationship')} />
      <TextField label={t('cases.fields.familyPhone')} autoComplete="off" error={issue('family.phone')} {...field('familyPhone')} />
      <TextField label={t('cases.fields.familyEmail')} type="email" autoComplete="off" error={issue('family.email')} {...field('familyEmail')} />
    </fieldset>
  );
}

function DnaFields({ bind: { field, issue } }: { bind: Bind }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('cases.form.dna')}</legend>
      <p className="hint">{t('cases.form.dnaHint')}</p>
      <TextField label={t('cases.fields.dnaLab')} error={issue('dna')} {...field('dnaLab')} />
      <TextField label={t('cases.fields.dnaRef')} {...field('dnaRef')} />
    </fieldset>
  );
}

export function RecordForm({ kind, record, onDone }: { kind: Kind; record?: FullRecord; onDone?: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const countries = useCountries().data ?? [];
  const codes = useCodes().data;
  const own = useCasesStatus().data?.country ?? null;
  const [v, setV] = useState<Values>(() => initial(kind, record));
  const [marks, setMarks] = useState<string[]>(record?.comparison?.markCodes ?? []);
  const [belongings, setBelongings] = useState<string[]>(record?.comparison?.belongingCodes ?? []);
  const [share, setShare] = useState<string[]>(record?.sharing?.countries ?? []);
  const save = useMutation({
    mutationFn: () => {
      const b = body(kind, v, marks, belongings, share) as Record<string, unknown>;
      if (!record) return post<{ id: string }>(`/api/v1/cases/${kind === 'report' ? 'reports' : 'remains'}`, b);
      // a correction leaves sharing and consent to their own action
      delete b[kind === 'report' ? 'consent' : 'share'];
      return put<{ id: string }>(`/api/v1/cases/${kind === 'report' ? 'reports' : 'remains'}/${record.id}`, { ...b, version: record.version });
    },
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['cases'] });
      if (onDone) onDone();
      else void navigate(`/cases/records/${r.id}`, { state: { created: true } });
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const issue = (path: string) => err?.issueFor(path);
  const pre = kind === 'report' ? 'person.' : '';
  const where = kind === 'report' ? 'lastContact.' : 'found.';
  const field = (k: string) => ({ value: v[k] ?? '', onChange: (e: { target: { value: string } }) => setV((o) => ({ ...o, [k]: e.target.value })) });
  const bind: Bind = { field, issue };
  const area = (k: string, label: string, path: string, hint?: string) => <Area k={k} label={label} path={path} hint={hint} bind={bind} />;
  const checks = (legend: string, list: { code: string; label: string }[], chosen: string[], set: (f: (l: string[]) => string[]) => void, path: string) => (
    <Checks legend={legend} list={list} chosen={chosen} set={set} error={issue(path)} />
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const countryOptions = countries.filter((c) => c.code !== own);
  return (
    <form onSubmit={submit} noValidate aria-label={t(record ? 'cases.form.correctTitle' : kind === 'report' ? 'cases.form.reportTitle' : 'cases.form.remainsTitle')}>
      <TextField label={t('cases.fields.caseRef')} hint={t('cases.form.caseRefHint')} required error={issue('caseRef')} {...field('caseRef')} />
      {kind === 'report' ? <PersonFields bind={bind} countries={countries} /> : null}
      <fieldset>
        <legend>{t('cases.form.comparison')}</legend>
        <SelectField label={t(kind === 'report' ? 'cases.fields.sex' : 'cases.fields.estimatedSex')} {...field('sex')}>
          {(['F', 'M', 'U'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`cases.sex.${s}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('cases.fields.ageMin')} type="number" inputMode="numeric" error={issue(`${pre}ageMin`)} {...field('ageMin')} />
        <TextField label={t('cases.fields.ageMax')} type="number" inputMode="numeric" error={issue(`${pre}ageMax`)} {...field('ageMax')} />
        <TextField label={t('cases.fields.heightMin')} type="number" inputMode="numeric" error={issue(`${pre}heightMin`)} {...field('heightMin')} />
        <TextField label={t('cases.fields.heightMax')} type="number" inputMode="numeric" error={issue(`${pre}heightMax`)} {...field('heightMax')} />
        {kind === 'remains' ? (
          <>
            <TextField label={t('cases.fields.pmiMin')} type="number" inputMode="numeric" error={issue('pmiMinDays')} {...field('pmiMin')} />
            <TextField label={t('cases.fields.pmiMax')} type="number" inputMode="numeric" error={issue('pmiMaxDays')} {...field('pmiMax')} />
          </>
        ) : null}
        {checks(t('cases.fields.markCodes'), codes?.marks ?? [], marks, setMarks, `${pre}markCodes`)}
        {area('marksText', t('cases.fields.marksText'), `${pre}marksText`)}
        {area('clothing', t('cases.fields.clothing'), `${pre}clothing`)}
        {checks(t('cases.fields.belongingCodes'), codes?.belongings ?? [], belongings, setBelongings, `${pre}belongingCodes`)}
        {area('belongingsText', t('cases.fields.belongingsText'), `${pre}belongingsText`)}
        {kind === 'report' ? area('dentalMedical', t('cases.fields.dentalMedical'), 'person.dentalMedical') : area('documents', t('cases.fields.documents'), 'documents')}
      </fieldset>
      <fieldset>
        <legend>{t(kind === 'report' ? 'cases.form.lastContact' : 'cases.form.found')}</legend>
        <TextField label={t(kind === 'report' ? 'cases.fields.lastContactDate' : 'cases.fields.foundDate')} type="date" required error={issue(`${where}date`)} {...field('date')} />
        <TextField label={t('cases.fields.place')} error={issue(`${where}place`)} {...field('place')} />
        <TextField label={t('cases.fields.lat')} hint={t('cases.form.coarseHint')} type="number" step="any" error={issue(`${where}point`)} {...field('lat')} />
        <TextField label={t('cases.fields.lon')} type="number" step="any" error={issue(`${where}point`)} {...field('lon')} />
        {kind === 'report' ? (
          <>
            {area('route', t('cases.fields.route'), 'lastContact.route')}
            {area('routePoints', t('cases.fields.routePoints'), 'lastContact.routePoints', t('cases.form.routePointsHint'))}
            <SelectField label={t('cases.fields.destination')} {...field('destination')}>
              <option value="">—</option>
              {countries.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </SelectField>
          </>
        ) : (
          <TextField label={t('cases.fields.incidentId')} hint={t('cases.form.incidentIdHint')} autoComplete="off" error={issue('found.incidentId')} {...field('incidentId')} />
        )}
      </fieldset>
      {kind === 'report' ? <FamilyFields bind={bind} /> : null}
      <DnaFields bind={bind} />
      {!record ? (
        <fieldset>
          <legend>{t(kind === 'report' ? 'cases.form.consent' : 'cases.form.share')}</legend>
          <p className="hint">{t(kind === 'report' ? 'cases.form.consentHint' : 'cases.form.shareHint')}</p>
          {kind === 'report' ? <TextField label={t('cases.fields.consentDate')} type="date" required error={issue('consent.date')} {...field('consentDate')} /> : null}
          {checks(t('cases.fields.shareCountries'), countryOptions.map((c) => ({ code: c.code, label: c.name })), share, setShare, kind === 'report' ? 'consent.countries' : 'share.countries')}
        </fieldset>
      ) : null}
      <ErrorAlert message={save.error ? save.error.message : null} />
      <p className="coop-actions">
        <button type="submit" disabled={save.isPending}>
          {t(record ? 'cases.form.saveCorrection' : 'cases.form.save')}
        </button>
        {onDone ? (
          <button type="button" className="button-secondary" onClick={onDone}>
            {t('cases.form.cancel')}
          </button>
        ) : null}
      </p>
    </form>
  );
}

export function NewRecordPage({ kind }: { kind: Kind }) {
  const { t } = useTranslation();
  const title = t(kind === 'report' ? 'cases.form.reportTitle' : 'cases.form.remainsTitle');
  useTitle(title);
  return (
    <>
      <h1>{title}</h1>
      <p className="lead">{t(kind === 'report' ? 'cases.form.reportIntro' : 'cases.form.remainsIntro')}</p>
      <RecordForm kind={kind} />
    </>
  );
}
