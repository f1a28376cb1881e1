import { useEffect, useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { del, post, put } from '../../api/client.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { CountryOptions } from '../../components/CountryOptions.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { useCountries, useCountryName, useFormat, useTitle } from '../../app/hooks.ts';
import type { Me } from '../../api/client.ts';
import { ObservatoryNav } from '../explore/ObservatoryNav.tsx';
import { DATAFLOW, errorText, usePolicies, useReleaseCalendar, type Policy } from './api.ts';
import { groupByCountry, localToIso, mayManageCountry, type CalendarItem } from './logic.ts';
import { isSecretariat, Notice, useUser } from './Parts.tsx';

/** `/observatory/releases?country=`: the release calendar by country; scheduling, cancelling and the country's policy for those who may. */
export function ReleasesPage() {
  const { t } = useTranslation();
  useTitle(t('submissions.releases.title'));
  const [params, setParams] = useSearchParams();
  const country = /^[A-Z]{3}$/.test(params.get('country') ?? '') ? params.get('country')! : '';
  const user = useUser();
  const countries = useCountries();
  const [fresh, setFresh] = useState(0);
  const calendar = useReleaseCalendar(DATAFLOW, country, fresh);
  const countryName = useCountryName();
  const manager = !!user && (isSecretariat(user.role) || (user.role === 'focal_point' && !!user.countryCode));
  const [notice, setNoticeState] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  // after a change, read the calendar again past the browser's cache
  const setNotice: OnNotice = (n) => {
    setNoticeState(n);
    if (n.kind === 'success') setFresh(Date.now());
  };

  return (
    <>
      <ObservatoryNav />
      <h1>{t('submissions.releases.title')}</h1>
      <p className="lead">{t('submissions.releases.intro')}</p>
      <form className="filters" role="search" aria-label={t('submissions.releases.filter')} onSubmit={(e) => e.preventDefault()}>
        <SelectField label={t('submissions.releases.country')} value={country} onChange={(e) => setParams(e.target.value ? { country: e.target.value } : {})}>
          <option value="">{t('common.any')}</option>
          <CountryOptions countries={countries.data ?? []} />
        </SelectField>
      </form>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {manager && user ? <ScheduleForm user={user} initialCountry={country} onNotice={setNotice} /> : null}
      {calendar.data ? (
        calendar.data.length ? (
          groupByCountry(calendar.data, countryName).map((g) => <CountryCalendar key={g.country} country={g.country} items={g.items} user={user} onNotice={setNotice} />)
        ) : (
          <p className="sub-empty">{t('submissions.releases.empty')}</p>
        )
      ) : (
        <QueryState isLoading={calendar.isLoading} error={calendar.error} />
      )}
      {manager && user ? <PolicySection user={user} onNotice={setNotice} /> : null}
    </>
  );
}

type OnNotice = (n: { kind: 'error' | 'success'; text: string }) => void;

function CountryCalendar({ country, items, user, onNotice }: { country: string; items: CalendarItem[]; user: Me | null; onNotice: OnNotice }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const countryName = useCountryName();
  const may = mayManageCountry(user, country);
  const cancel = useMutation({
    mutationFn: (id: string) => del(`/api/v1/release-calendar/${id}`),
    // the page reads the calendar again (onNotice)
    onSuccess: () => onNotice({ kind: 'success', text: t('submissions.releases.cancelled', { country: countryName(country) }) }),
    onError: (err) => onNotice({ kind: 'error', text: errorText(err) ?? t('errors.unexpected') }),
  });
  const headingId = `sub-cal-${country}`;
  return (
    <section aria-labelledby={headingId} data-country={country} className="sub-calendar">
      <h2 id={headingId}>{countryName(country)}</h2>
      <div className="table-wrap">
        <table>
          <caption>{t('submissions.releases.caption', { country: countryName(country) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('submissions.releases.date')}</th>
              <th scope="col">{t('submissions.releases.level')}</th>
              <th scope="col">{t('submissions.releases.state')}</th>
              <th scope="col">{t('submissions.releases.note')}</th>
              {may ? <th scope="col">{t('common.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.id} data-entry={i.id} data-status={i.status}>
                <th scope="row">{fmt.dateTime(i.releaseAt)}</th>
                <td>{t(`submissions.level.${i.level}`)}</td>
                <td>
                  {t(`submissions.calendarStatus.${i.status}`)}
                  {i.reason ? <span className="hint"> — {i.reason}</span> : null}
                </td>
                <td>{i.note ?? t('common.none')}</td>
                {may ? (
                  <td>
                    {i.status === 'scheduled' ? (
                      <button type="button" className="button-danger button-small" disabled={cancel.isPending} onClick={() => cancel.mutate(i.id)}>
                        {t('submissions.releases.cancel', { date: fmt.dateTime(i.releaseAt) })}
                      </button>
                    ) : (
                      t('common.none')
                    )}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ScheduleForm({ user, initialCountry, onNotice }: { user: Me; initialCountry: string; onNotice: OnNotice }) {
  const { t } = useTranslation();
  const countries = useCountries();
  const countryName = useCountryName();
  const fmt = useFormat();
  const secretariat = isSecretariat(user.role);
  const [country, setCountry] = useState(secretariat ? initialCountry : (user.countryCode ?? ''));
  const [when, setWhen] = useState('');
  const [level, setLevel] = useState<'members' | 'public'>('public');
  const [note, setNote] = useState('');
  const [months, setMonths] = useState(1);
  const [fieldError, setFieldError] = useState<{ country?: string; when?: string }>({});
  const schedule = useMutation({
    mutationFn: (body: { dataflow: string; country: string; releaseAt: string; level: string; note?: string; repeatMonths?: number }) =>
      post<CalendarItem & { series?: CalendarItem[] }>('/api/v1/release-calendar', body),
    onSuccess: (entry) => {
      const last = entry.series?.[entry.series.length - 1];
      onNotice({
        kind: 'success',
        text: last
          ? t('submissions.releases.scheduledSeries', { country: countryName(entry.country), count: entry.series!.length, first: fmt.dateTime(entry.releaseAt), last: fmt.dateTime(last.releaseAt) })
          : t('submissions.releases.scheduled', { country: countryName(entry.country), date: fmt.dateTime(entry.releaseAt) }),
      });
      setWhen('');
      setNote('');
      setMonths(1);
    },
    onError: (err) => onNotice({ kind: 'error', text: errorText(err) ?? t('errors.unexpected') }),
  });
  // beside scheduling: the approved figures released at once (the date and repetition do not apply)
  const publishNow = useMutation({
    mutationFn: (body: { dataflow: string; country: string; level: string; note?: string }) => post<CalendarItem>('/api/v1/release-calendar/publish-now', body),
    onSuccess: (entry) => {
      onNotice({ kind: 'success', text: t('submissions.releases.published', { country: countryName(entry.country), level: entry.level }) });
      setNote('');
    },
    onError: (err) => onNotice({ kind: 'error', text: errorText(err) ?? t('errors.unexpected') }),
  });
  const publish = () => {
    setFieldError({ country: country ? undefined : t('submissions.releases.countryRequired') });
    if (!country) return;
    publishNow.mutate({ dataflow: DATAFLOW, country, level, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const iso = localToIso(when);
    const errs = { country: country ? undefined : t('submissions.releases.countryRequired'), when: iso ? undefined : t('submissions.releases.whenRequired') };
    setFieldError(errs);
    if (!iso || !country) return;
    schedule.mutate({ dataflow: DATAFLOW, country, releaseAt: iso, level, ...(note.trim() ? { note: note.trim() } : {}), ...(months > 1 ? { repeatMonths: months } : {}) });
  };
  return (
    <section aria-labelledby="sub-schedule" className="panel">
      <h2 id="sub-schedule">{t('submissions.releases.scheduleTitle')}</h2>
      <p className="hint">{t('submissions.releases.scheduleHint')}</p>
      <form onSubmit={submit} className="grid-form" noValidate data-testid="schedule-form">
        {secretariat ? (
          <SelectField label={t('submissions.releases.country')} value={country} error={fieldError.country} onChange={(e) => setCountry(e.target.value)}>
            <option value="">{t('submissions.releases.chooseCountry')}</option>
            <CountryOptions countries={countries.data ?? []} />
          </SelectField>
        ) : (
          <TextField label={t('submissions.releases.country')} value={countryName(country)} readOnly />
        )}
        <TextField label={t('submissions.releases.when')} hint={t('submissions.releases.whenHint')} type="datetime-local" value={when} error={fieldError.when} onChange={(e) => setWhen(e.target.value)} />
        <SelectField label={t('submissions.releases.level')} value={level} onChange={(e) => setLevel(e.target.value as 'members' | 'public')}>
          <option value="public">{t('submissions.level.public')}</option>
          <option value="members">{t('submissions.level.members')}</option>
        </SelectField>
        <SelectField label={t('submissions.releases.repeat')} hint={t('submissions.releases.repeatHint')} value={String(months)} onChange={(e) => setMonths(Number(e.target.value))}>
          {[1, 2, 3, 6, 12, 24].map((n) => (
            <option key={n} value={n}>
              {t('submissions.releases.repeatMonths', { count: n })}
            </option>
          ))}
        </SelectField>
        <TextField label={t('submissions.releases.note')} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} />
        <p className="form-actions">
          <button type="submit" disabled={schedule.isPending || publishNow.isPending}>
            {t('submissions.releases.schedule')}
          </button>{' '}
          <button type="button" className="button-secondary" disabled={schedule.isPending || publishNow.isPending} onClick={publish} aria-describedby="sub-publish-now-hint">
            {t('submissions.releases.publishNow')}
          </button>
        </p>
        <p className="hint" id="sub-publish-now-hint">
          {t('submissions.releases.publishNowHint')}
        </p>
      </form>
    </section>
  );
}

/** The country's choices: who sees its released figures, and whether its submissions need the secretariat's approval. */
function PolicySection({ user, onNotice }: { user: Me; onNotice: OnNotice }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const countries = useCountries();
  const countryName = useCountryName();
  const queryClient = useQueryClient();
  const secretariat = isSecretariat(user.role);
  const policies = usePolicies(DATAFLOW, true);
  const [country, setCountry] = useState(secretariat ? '' : (user.countryCode ?? ''));
  const current: Policy | undefined = policies.data?.find((p) => p.country === country);
  const [visibility, setVisibility] = useState<Policy['visibility']>('public');
  const [autoApprove, setAutoApprove] = useState(false);
  const baseId = useId();
  useEffect(() => {
    setVisibility(current?.visibility ?? 'public');
    setAutoApprove(current?.autoApprove ?? false);
  }, [current?.visibility, current?.autoApprove, country]);
  const save = useMutation({
    mutationFn: () => put<Policy>(`/api/v1/observatory/policies/${country}`, { dataflow: DATAFLOW, visibility, autoApprove }),
    onSuccess: async () => {
      onNotice({ kind: 'success', text: t('submissions.policy.saved', { country: countryName(country) }) });
      await queryClient.invalidateQueries({ queryKey: ['obs-policies'] });
    },
    onError: (err) => onNotice({ kind: 'error', text: errorText(err) ?? t('errors.unexpected') }),
  });
  return (
    <section aria-labelledby="sub-policy" className="panel" data-testid="policy">
      <h2 id="sub-policy">{t('submissions.policy.title')}</h2>
      <p className="hint">{t('submissions.policy.intro')}</p>
      {secretariat && policies.data?.length ? (
        <div className="table-wrap">
          <table>
            <caption>{t('submissions.policy.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('submissions.releases.country')}</th>
                <th scope="col">{t('submissions.policy.visibility')}</th>
                <th scope="col">{t('submissions.policy.approval')}</th>
                <th scope="col">{t('submissions.policy.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {policies.data.map((p) => (
                <tr key={p.country}>
                  <th scope="row">{countryName(p.country)}</th>
                  <td>{t(`submissions.visibility.${p.visibility}`)}</td>
                  <td>{t(p.autoApprove ? 'submissions.policy.auto' : 'submissions.policy.manual')}</td>
                  <td>{fmt.dateTime(p.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {policies.error ? <QueryState isLoading={false} error={policies.error} /> : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (country) save.mutate();
        }}
      >
        {secretariat ? (
          <SelectField label={t('submissions.releases.country')} value={country} onChange={(e) => setCountry(e.target.value)}>
            <option value="">{t('submissions.releases.chooseCountry')}</option>
            <CountryOptions countries={countries.data ?? []} />
          </SelectField>
        ) : (
          <p>
            <strong>{t('submissions.releases.country')}:</strong> {countryName(country)}
          </p>
        )}
        {country ? (
          <>
            <fieldset className="sub-radios">
              <legend>{t('submissions.policy.visibility')}</legend>
              {(['country', 'members', 'public'] as const).map((v) => (
                <div key={v} className="sub-radio">
                  <input type="radio" id={`${baseId}-vis-${v}`} name="visibility" value={v} checked={visibility === v} onChange={() => setVisibility(v)} aria-describedby={`${baseId}-vis-${v}-hint`} />
                  <label htmlFor={`${baseId}-vis-${v}`}>{t(`submissions.visibility.${v}`)}</label>
                  <p className="hint" id={`${baseId}-vis-${v}-hint`}>
                    {t(`submissions.visibility.${v}Help`)}
                  </p>
                </div>
              ))}
            </fieldset>
            <div className="sub-check">
              <input type="checkbox" id={`${baseId}-auto`} checked={autoApprove} onChange={(e) => setAutoApprove(e.target.checked)} aria-describedby={`${baseId}-auto-hint`} />
              <label htmlFor={`${baseId}-auto`}>{t('submissions.policy.autoApprove')}</label>
              <p className="hint" id={`${baseId}-auto-hint`}>
                {t('submissions.policy.autoApproveHelp')}
              </p>
            </div>
            <p className="form-actions">
              <button type="submit" disabled={save.isPending}>
                {t('submissions.policy.save')}
              </button>
            </p>
          </>
        ) : null}
      </form>
    </section>
  );
}
