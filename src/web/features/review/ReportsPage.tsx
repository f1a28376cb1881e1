import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/Alert.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { useCountries, useFormat, useLang, useSession, useTitle } from '../../app/hooks.ts';
import { REPORT_WRITERS, useCreateReport, useReports, type NewReport } from './api.ts';

const OBJECTIVES = Array.from({ length: 23 }, (_, i) => i + 1);

/** The secretariat chooses objectives, countries, period, language and as-of date; the server writes the report. */
function NewReportForm() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const countries = useCountries();
  const create = useCreateReport();
  const year = new Date().getFullYear();
  const [title, setTitle] = useState('');
  const [language, setLanguage] = useState<'es' | 'en'>(lang);
  const [allObjectives, setAllObjectives] = useState(true);
  const [objectives, setObjectives] = useState<number[]>([]);
  const [scope, setScope] = useState<NewReport['countryScope']>('all');
  const [chosen, setChosen] = useState<string[]>([]);
  const [from, setFrom] = useState(2018);
  const [to, setTo] = useState(year);
  const [asOf, setAsOf] = useState('');
  const members = (countries.data ?? []).filter((c) => c.memberships.length > 0);
  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: NewReport = {
      ...(title.trim() ? { title: title.trim() } : {}),
      language,
      objectives: allObjectives ? 'all' : objectives,
      countryScope: scope,
      ...(scope === 'some' ? { countries: chosen } : {}),
      from,
      to,
      ...(asOf ? { asOf: new Date(`${asOf}T23:59:59Z`).toISOString() } : {}),
    };
    create.mutate(body, { onSuccess: (r) => void navigate(`/review/${r.id}`) });
  };
  const issues = create.error instanceof ApiError ? create.error.issues : [];
  const issueFor = (p: string) => issues.filter((i) => i.path === p || i.path.startsWith(`${p}.`)).map((i) => i.message).join(' ') || undefined;

  return (
    <form onSubmit={submit} aria-labelledby="rv-new-h" data-testid="review-new">
      <h2 id="rv-new-h">{t('review.new.title')}</h2>
      <TextField label={t('review.new.reportTitle')} hint={t('review.new.reportTitleHint')} value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} />
      <SelectField label={t('review.new.language')} value={language} onChange={(e) => setLanguage(e.target.value as 'es' | 'en')}>
        <option value="es">{t('review.lang.es')}</option>
        <option value="en">{t('review.lang.en')}</option>
      </SelectField>
      <fieldset className="rv-fieldset">
        <legend>{t('review.new.objectives')}</legend>
        <label>
          <input type="radio" name="rv-obj" checked={allObjectives} onChange={() => setAllObjectives(true)} /> {t('review.new.allObjectives')}
        </label>{' '}
        <label>
          <input type="radio" name="rv-obj" checked={!allObjectives} onChange={() => setAllObjectives(false)} /> {t('review.new.someObjectives')}
        </label>
        {!allObjectives ? (
          <div className="rv-objectives">
            {OBJECTIVES.map((n) => (
              <label key={n}>
                <input type="checkbox" checked={objectives.includes(n)} onChange={() => setObjectives(toggle(objectives, n))} /> {t('review.new.objectiveN', { n })}
              </label>
            ))}
          </div>
        ) : null}
        {issueFor('objectives') ? <p className="field-error">{issueFor('objectives')}</p> : null}
      </fieldset>
      <fieldset className="rv-fieldset">
        <legend>{t('review.new.countries')}</legend>
        {(['all', 'CRM', 'CSM', 'some'] as const).map((s) => (
          <label key={s}>
            <input type="radio" name="rv-scope" checked={scope === s} onChange={() => setScope(s)} /> {t(`review.scope.${s}`)}{' '}
          </label>
        ))}
        {scope === 'some' ? (
          countries.data ? (
            <div className="rv-countries">
              {members.map((c) => (
                <label key={c.code}>
                  <input type="checkbox" checked={chosen.includes(c.code)} onChange={() => setChosen(toggle(chosen, c.code))} /> {c.name}
                </label>
              ))}
            </div>
          ) : (
            <QueryState isLoading={countries.isLoading} error={countries.error} />
          )
        ) : null}
        {issueFor('countries') ? <p className="field-error">{issueFor('countries')}</p> : null}
      </fieldset>
      <div className="rv-years">
        <TextField label={t('review.new.from')} type="number" min={1990} max={2100} value={String(from)} onChange={(e) => setFrom(Number(e.target.value))} error={issueFor('from')} />
        <TextField label={t('review.new.to')} type="number" min={1990} max={2100} value={String(to)} onChange={(e) => setTo(Number(e.target.value))} error={issueFor('to')} />
        <TextField label={t('review.new.asOf')} hint={t('review.new.asOfHint')} type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} error={issueFor('asOf')} />
      </div>
      <ErrorAlert message={create.error instanceof ApiError ? create.error.message : create.error ? t('errors.unexpected') : null} />
      <div className="form-actions">
        <button type="submit" disabled={create.isPending} data-testid="review-generate">
          {create.isPending ? t('review.new.generating') : t('review.new.generate')}
        </button>
      </div>
    </form>
  );
}

export function ReportsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const user = useSession().data?.user;
  const reports = useReports();
  useTitle(t('review.title'));
  return (
    <>
      <h1>{t('review.title')}</h1>
      <p className="lead">{t('review.intro')}</p>
      {user && REPORT_WRITERS.has(user.role) ? <NewReportForm /> : null}
      <h2>{t('review.saved')}</h2>
      {reports.data ? (
        reports.data.length ? (
          <table data-testid="review-list">
            <thead>
              <tr>
                <th scope="col">{t('review.col.title')}</th>
                <th scope="col">{t('review.col.period')}</th>
                <th scope="col">{t('review.col.asOf')}</th>
                <th scope="col">{t('review.col.createdBy')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.data.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/review/${r.id}`}>{r.title}</Link> ({r.language})
                  </td>
                  <td>
                    {r.from}–{r.to}
                  </td>
                  <td>{f.date(r.asOf)}</td>
                  <td>{r.createdBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t('review.none')}</p>
        )
      ) : (
        <QueryState isLoading={reports.isLoading} error={reports.error} />
      )}
    </>
  );
}
