import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api/client.ts';
import { ErrorAlert } from '../../components/Alert.tsx';
import { TextField } from '../../components/Field.tsx';
import { useCountries, useFormat } from '../../app/hooks.ts';
import type { FullPage } from './api.ts';

/**
 * The author's side changes which countries a record is shared with (docs/adr/0014). For a
 * report this is the family's consent: widening it, or keeping any country, asks the date of the
 * (new) consent. Narrowing it hides the record from the countries taken off at once. The change
 * joins the record's history and the audit trail on the server; the page then rereads it.
 */
export function SharingForm({ record, onChanged }: { record: FullPage; onChanged: (m: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const countries = (useCountries().data ?? []).filter((c) => c.code !== record.countryCode);
  const [chosen, setChosen] = useState<string[]>(record.sharing.countries);
  const [consentDate, setConsentDate] = useState('');
  const save = useMutation({
    mutationFn: () => post(`/api/v1/cases/records/${record.id}/sharing`, { countries: chosen, ...(consentDate ? { consentDate } : {}) }),
    onSuccess: () => onChanged(t('cases.sharing.saved')),
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const report = record.kind === 'report';
  return (
    <section aria-labelledby="cases-sharing">
      <h2 id="cases-sharing">{t('cases.sharing.title')}</h2>
      <p className="hint">{t(report ? 'cases.sharing.introReport' : 'cases.sharing.introRemains')}</p>
      <form onSubmit={submit} noValidate aria-labelledby="cases-sharing">
        <fieldset className="coop-checks">
          <legend>{t('cases.fields.shareCountries')}</legend>
          {countries.map((c) => (
            <label key={c.code}>
              <input type="checkbox" checked={chosen.includes(c.code)} onChange={() => setChosen((l) => (l.includes(c.code) ? l.filter((x) => x !== c.code) : [...l, c.code]))} />
              {c.name}
            </label>
          ))}
          {err?.issueFor('countries') ? <p className="field-error">{err.issueFor('countries')}</p> : null}
        </fieldset>
        {report ? (
          <TextField
            label={t('cases.sharing.consentDate')}
            hint={t('cases.sharing.consentDateHint', { date: record.sharing.consentDate ? fmt.date(record.sharing.consentDate) : '—' })}
            type="date"
            value={consentDate}
            onChange={(e) => setConsentDate(e.target.value)}
            error={err?.issueFor('consentDate')}
          />
        ) : null}
        <ErrorAlert message={save.error?.message ?? null} />
        <button type="submit" disabled={save.isPending}>
          {t('cases.sharing.save')}
        </button>
      </form>
    </section>
  );
}
