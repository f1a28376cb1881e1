import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post, put } from '../../api/client.ts';
import { ErrorAlert } from '../../components/Alert.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { useCountries, useTitle } from '../../app/hooks.ts';
import { useCasesStatus, useCodes, type FullRecord, type Kind } from './api.ts';

/**
 * A missing-person report (search authority) or unidentified remains (forensic service): new, or
 * corrected with the version it was read at (docs/adr/0021). Marks and belongings are chosen from
 * the structured codes; the consent is a choice of countries. Empty boxes are sent as absent,
 * never as invented values; the server checks everything again and names the field at fault.
 */
type Values = Record<string, string>;
const num = (s: string | undefined) => (s && s.trim() !== '' ? Number(s) : undefined);
const txt = (s: string | undefined) => (s && s.trim() !== '' ? s.trim() : undefined);
const str = (x: number | string | null | undefined) => (x === null || x === undefined ? '' : String(x));

function initial(kind: Kind, r?: FullRecord): Values {
  const c = r?.comparison;
  const p = r?.personal ?? {};
  const f = r?.family;
  const base: Values = {
    caseRef: r?.caseRef ?? '',
    sex: c?.sex ?? 'U',
    ageMin: str(c?.ageMin),
    ageMax: str(c?.ageMax),
    heightMin: str(c?.heightMin),
    heightMax: str(c?.heightMax),
    date: c?.date ?? '',
    place: p.place ?? '',
    lat: str(c?.lat),
    lon: str(c?.lon),
    marksText: p.marksText ?? '',
    clothing: p.clothing ?? '',
    belongingsText: p.belongingsText ?? '',
    dnaLab: p.dna?.lab ?? '',
    dnaRef: p.dna?.reference ?? '',
  };
  if (kind === 'remains') return { ...base, pmiMin: str(c?.pmiMinDays), pmiMax: str(c?.pmiMaxDays), documents: p.documents ?? '', incidentId: c?.incidentId ?? '' };
  return {
    ...base,
    givenNames: p.givenNames ?? '',
    familyNames: p.familyNames ?? '',
    dateOfBirth: p.dateOfBirth ?? '',
    nationality: p.nationality ?? '',
    dentalMedical: p.dentalMedical ?? '',
    route: p.route ?? '',
    routePoints: (c?.routePoints ?? []).map((q) => `${q.lat}, ${q.lon}`).join('\n'),
    destination: c?.destinationCountry ?? '',
    familyName: f?.name ?? '',
    familyRelationship: f?.relationship ?? '',
    familyPhone: f?.phone ?? '',
    familyEmail: f?.email ?? '',
    consentDate: r?.sharing?.consentDate ?? '',
  };
}

/**
 * Route points typed one a line as "latitude, longitude". A line that is not two numbers is sent
 * as such (NaN), so the server refuses it and names the point, rather than the form dropping it.
 */
export function routePointsOf(text: string | undefined): { lat: number; lon: number }[] {
  return (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [lat, lon, ...rest] = l.split(/[,;\s]+/).filter(Boolean);
      return rest.length || lat === undefined || lon === undefined ? { lat: Number.NaN, lon: Number.NaN } : { lat: Number(lat), lon: Number(lon) };
    });
}

function body(kind: Kind, v: Values, marks: string[], belongings: string[], share: string[]) {
  const point = num(v.lat) !== undefined && num(v.lon) !== undefined ? { lat: num(v.lat)!, lon: num(v.lon)! } : undefined;
  const dna = txt(v.dnaLab) || txt(v.dnaRef) ? { lab: v.dnaLab!.trim(), reference: v.dnaRef!.trim() } : null;
  if (kind === 'remains') {
    return {
      caseRef: v.caseRef!.trim(),
      found: { date: v.date, place: txt(v.place), point: point ?? { lat: Number.NaN, lon: Number.NaN }, incidentId: txt(v.incidentId) },
      sex: v.sex,
      ageMin: num(v.ageMin),
      ageMax: num(v.ageMax),
      heightMin: num(v.heightMin),
      heightMax: num(v.heightMax),
      pmiMinDays: num(v.pmiMin),
      pmiMaxDays: num(v.pmiMax),
      markCodes: marks,
      marksText: txt(v.marksText),
      clothing: txt(v.clothing),
      belongingCodes: belongings,
      belongingsText: txt(v.belongingsText),
      documents: txt(v.documents),
      dna,
      share: { countries: share },
    };
  }
  return {
    caseRef: v.caseRef!.trim(),
    person: {
      givenNames: v.givenNames,
      familyNames: v.familyNames,
      sex: v.sex,
      dateOfBirth: txt(v.dateOfBirth),
      ageMin: num(v.ageMin),
      ageMax: num(v.ageMax),
      nationality: txt(v.nationality),
      heightMin: num(v.heightMin),
      heightMax: num(v.heightMax),
      markCodes: marks,
      marksText: txt(v.marksText),
      clothing: txt(v.clothing),
      belongingCodes: belongings,
      belongingsText: txt(v.belongingsText),
      dentalMedical: txt(v.dentalMedical),
    },
    lastContact: { date: v.date, place: txt(v.place), point, route: txt(v.route), routePoints: routePointsOf(v.routePoints), destinationCountry: txt(v.destination) },
    family: { name: v.familyName, relationship: txt(v.familyRelationship), phone: txt(v.familyPhone), email: txt(v.familyEmail) },
    consent: { date: v.consentDate, countries: share },
    dna,
  };
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
  const toggle = (list: string[], x: string) => (list.includes(x) ? list.filter((y) => y !== x) : [...list, x]);
  const area = (k: string, label: string, path: string, hint?: string) => (
    <div className={`field${issue(path) ? ' field-invalid' : ''}`}>
      <label htmlFor={`case-${k}`}>{label}</label>
      {hint ? (
        <p className="hint" id={`case-${k}-hint`}>
          {hint}
        </p>
      ) : null}
      <textarea id={`case-${k}`} rows={2} {...field(k)} aria-describedby={hint ? `case-${k}-hint` : undefined} aria-invalid={issue(path) ? true : undefined} />
      {issue(path) ? <p className="field-error">{issue(path)}</p> : null}
    </div>
  );
  const checks = (legend: string, list: { code: string; label: string }[], chosen: string[], set: (f: (l: string[]) => string[]) => void, path: string) => (
    <fieldset className="coop-checks">
      <legend>{legend}</legend>
      {list.map((c) => (
        <label key={c.code}>
          <input type="checkbox" checked={chosen.includes(c.code)} onChange={() => set((l) => toggle(l, c.code))} />
          {c.label}
        </label>
      ))}
      {issue(path) ? <p className="field-error">{issue(path)}</p> : null}
    </fieldset>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const countryOptions = countries.filter((c) => c.code !== own);
  return (
    <form onSubmit={submit} noValidate aria-label={t(record ? 'cases.form.correctTitle' : kind === 'report' ? 'cases.form.reportTitle' : 'cases.form.remainsTitle')}>
      <TextField label={t('cases.fields.caseRef')} hint={t('cases.form.caseRefHint')} required error={issue('caseRef')} {...field('caseRef')} />
      {kind === 'report' ? (
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
      ) : null}
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
      {kind === 'report' ? (
        <fieldset>
          <legend>{t('cases.form.family')}</legend>
          <p className="hint">{t('cases.form.familyHint')}</p>
          <TextField label={t('cases.fields.familyName')} required autoComplete="off" error={issue('family.name')} {...field('familyName')} />
          <TextField label={t('cases.fields.familyRelationship')} {...field('familyRelationship')} />
          <TextField label={t('cases.fields.familyPhone')} autoComplete="off" error={issue('family.phone')} {...field('familyPhone')} />
          <TextField label={t('cases.fields.familyEmail')} type="email" autoComplete="off" error={issue('family.email')} {...field('familyEmail')} />
        </fieldset>
      ) : null}
      <fieldset>
        <legend>{t('cases.form.dna')}</legend>
        <p className="hint">{t('cases.form.dnaHint')}</p>
        <TextField label={t('cases.fields.dnaLab')} error={issue('dna')} {...field('dnaLab')} />
        <TextField label={t('cases.fields.dnaRef')} {...field('dnaRef')} />
      </fieldset>
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
