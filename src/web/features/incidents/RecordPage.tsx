import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../components/Field.tsx';
import { SaveActions } from '../../components/FormActions.tsx';
import { ApiError } from '../../api/client.ts';
import { useCountries, useTitle } from '../../app/hooks.ts';
import { compareText } from '../explore/format.ts';
import { ObservatoryNav } from '../explore/ObservatoryNav.tsx';
import { CAUSES, useCorrect, useRecord, useRoutes, type IncidentDetail } from './api.ts';
import { useIncidentLabels } from './labels.ts';

/** A whole number typed in a field, null when blank; kept as typed otherwise so the server names a wrong one. */
function count(v: string): number | null | string {
  const s = v.trim();
  if (!s) return null;
  return /^\d+$/.test(s) ? Number(s) : s;
}
function decimal(v: string): number | null | string {
  const s = v.trim().replace(',', '.');
  if (!s) return null;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
}

const text = (v: number | string | null | undefined) => (v === null || v === undefined ? '' : String(v));

/** The form's fields for a stored incident (a correction starts from what is stored), or blank. */
function formOf(i?: IncidentDetail) {
  return {
    date: i ? i.date.slice(0, 10) : '',
    precision: (i?.precision ?? 'day') as string,
    countryCode: i?.countryCode ?? '',
    place: i?.place ?? '',
    lat: text(i?.lat),
    lon: text(i?.lon),
    route: i?.route ?? '',
    split: (!i || i.split ? 'split' : 'sum') as string,
    dead: text(i?.dead),
    missing: text(i?.missing),
    total: i && !i.split ? text(i.deadAndMissing) : '',
    survivors: text(i?.survivors),
    cause: i?.cause ?? '',
    infoSource: i?.infoSource ?? '',
    quality: text(i?.sourceQuality),
    url: i?.url ?? '',
  };
}

/**
 * Recording one incident (focal points, contributors, the secretariat), or correcting one
 * (`incident`: its author or whoever may verify; saved with the version read, so a correction
 * saved by someone else in between is a conflict whose message the API gives). Nothing
 * personal: the form has no field for names. The server checks everything (dead + missing
 * against a total, known countries, a point given whole) and its messages stand beside the
 * fields. A new record stays "reported" until the secretariat or IOM verifies it.
 */
export function RecordPage({ incident }: { incident?: IncidentDetail } = {}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const labels = useIncidentLabels();
  const countries = useCountries();
  const routes = useRoutes();
  const create = useRecord();
  const correct = useCorrect(incident?.id ?? '');
  const record = incident ? correct : create;
  const title = incident ? t('incidents.correct.title') : t('incidents.record.title');
  useTitle(title);
  const [f, setF] = useState(() => formOf(incident));
  const [origins, setOrigins] = useState<{ code: string; count: string }[]>(() => (incident?.origins ?? []).map((o) => ({ code: o.code, count: text(o.count) })));
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((prev) => ({ ...prev, [k]: e.target.value }));
  const err = record.error instanceof ApiError ? record.error : null;
  const issue = (path: string) => err?.issueFor(path);
  const countryList = [...(countries.data ?? [])].sort((a, b) => compareText(a.name, b.name));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = {
      date: f.date,
      precision: f.precision,
      countryCode: f.countryCode || null,
      place: f.place.trim() || null,
      lat: decimal(f.lat),
      lon: decimal(f.lon),
      route: f.route || null,
      survivors: count(f.survivors),
      origins: origins.filter((o) => o.code).map((o) => ({ code: o.code, count: count(o.count) })),
      cause: f.cause || null,
      infoSource: f.infoSource.trim() || null,
      quality: f.quality ? Number(f.quality) : null,
      url: f.url.trim() || null,
    };
    if (f.split === 'split') Object.assign(body, { dead: count(f.dead), missing: count(f.missing) });
    else body.deadAndMissing = count(f.total);
    // Not in the form, kept as stored (IOM's breakdowns and the record's type); the version read guards against lost edits.
    if (incident) Object.assign(body, { females: incident.females, males: incident.males, children: incident.children, type: incident.type, version: incident.version });
    record.mutate(body, { onSuccess: (r) => void navigate(`/observatory/missing-migrants/${r.id}`) });
  };

  return (
    <>
      <ObservatoryNav />
      <h1>{title}</h1>
      <p className="lead">{incident ? t('incidents.correct.intro') : t('incidents.record.intro')}</p>
      <form onSubmit={submit} className="inc-form" noValidate>
        <div className="two-cols">
          <TextField label={t('incidents.field.date')} type="date" required value={f.date} onChange={set('date')} error={issue('date')} />
          <SelectField label={t('incidents.field.precision')} value={f.precision} onChange={set('precision')}>
            <option value="day">{t('incidents.precision.day')}</option>
            <option value="month">{t('incidents.precision.month')}</option>
          </SelectField>
          <SelectField label={t('incidents.field.country')} value={f.countryCode} onChange={set('countryCode')} error={issue('countryCode')}>
            <option value="">{t('incidents.notGiven')}</option>
            {countryList.map((c) => (
              <option key={c.code} value={c.code}>{c.name}</option>
            ))}
          </SelectField>
          <TextField label={t('incidents.field.place')} value={f.place} onChange={set('place')} error={issue('place')} />
          <TextField label={t('incidents.field.lat')} inputMode="decimal" hint={t('incidents.record.latHint')} value={f.lat} onChange={set('lat')} error={issue('lat')} />
          <TextField label={t('incidents.field.lon')} inputMode="decimal" hint={t('incidents.record.lonHint')} value={f.lon} onChange={set('lon')} error={issue('lon')} />
          <SelectField label={t('incidents.field.route')} value={f.route} onChange={set('route')} error={issue('route')}>
            <option value="">{t('incidents.notGiven')}</option>
            {(routes.data ?? []).map((r) => (
              <option key={r.name} value={r.name}>{labels.route(r.name)}</option>
            ))}
          </SelectField>
          <SelectField label={t('incidents.field.cause')} value={f.cause} onChange={set('cause')} error={issue('cause')}>
            <option value="">{t('incidents.notGiven')}</option>
            {CAUSES.map((c) => (
              <option key={c} value={c}>{labels.oneCause(c)}</option>
            ))}
          </SelectField>
        </div>
        <fieldset className="inc-fieldset">
          <legend>{t('incidents.record.figures')}</legend>
          <p className="inc-radios">
            <label>
              <input type="radio" name="split" value="split" checked={f.split === 'split'} onChange={set('split')} /> {t('incidents.record.split')}
            </label>
            <label>
              <input type="radio" name="split" value="sum" checked={f.split === 'sum'} onChange={set('split')} /> {t('incidents.record.sumOnly')}
            </label>
          </p>
          <div className="two-cols">
            {f.split === 'split' ? (
              <>
                <TextField label={t('incidents.field.dead')} inputMode="numeric" value={f.dead} onChange={set('dead')} error={issue('dead')} />
                <TextField label={t('incidents.field.missing')} inputMode="numeric" value={f.missing} onChange={set('missing')} error={issue('missing')} />
              </>
            ) : (
              <TextField label={t('incidents.deadAndMissing')} inputMode="numeric" value={f.total} onChange={set('total')} error={issue('deadAndMissing') ?? issue('dead')} />
            )}
            <TextField label={t('incidents.field.survivors')} inputMode="numeric" value={f.survivors} onChange={set('survivors')} error={issue('survivors')} />
          </div>
        </fieldset>
        <fieldset className="inc-fieldset">
          <legend>{t('incidents.field.origins')}</legend>
          {origins.map((o, i) => (
            <div className="two-cols" key={i}>
              <SelectField label={t('incidents.record.origin', { n: i + 1 })} value={o.code} onChange={(e) => setOrigins(origins.map((x, j) => (j === i ? { ...x, code: e.target.value } : x)))}>
                <option value="">{t('incidents.notGiven')}</option>
                {countryList.map((c) => (
                  <option key={c.code} value={c.code}>{c.name}</option>
                ))}
              </SelectField>
              <TextField label={t('incidents.record.originCount', { n: i + 1 })} inputMode="numeric" value={o.count} onChange={(e) => setOrigins(origins.map((x, j) => (j === i ? { ...x, count: e.target.value } : x)))} />
            </div>
          ))}
          {issue('origins') ? <p className="field-error">{issue('origins')}</p> : null}
          <button type="button" className="button-secondary button-small" onClick={() => setOrigins([...origins, { code: '', count: '' }])}>
            {t('incidents.record.addOrigin')}
          </button>
        </fieldset>
        <div className="two-cols">
          <TextField label={t('incidents.field.infoSource')} value={f.infoSource} onChange={set('infoSource')} error={issue('infoSource')} />
          <SelectField label={t('incidents.field.quality')} value={f.quality} onChange={set('quality')} error={issue('quality')} hint={t('incidents.record.qualityHint')}>
            <option value="">{t('incidents.notGiven')}</option>
            {[1, 2, 3, 4, 5].map((q) => (
              <option key={q} value={q}>{q}</option>
            ))}
          </SelectField>
          <TextField label={t('incidents.field.url')} type="url" value={f.url} onChange={set('url')} error={issue('url')} />
        </div>
        <SaveActions error={record.error} pending={record.isPending} submitText={incident ? t('incidents.correct.submit') : t('incidents.record.submit')} onCancel={incident ? () => void navigate(`/observatory/missing-migrants/${incident.id}`) : undefined} />
      </form>
    </>
  );
}
