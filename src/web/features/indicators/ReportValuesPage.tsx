import { useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, post, upload } from '../../api/client.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { useCountryName, useFormat, useLang, useTitle } from '../../app/hooks.ts';
import { FileInput } from './FileInput.tsx';
import { errorText, yearChoices, type Answer, type ReportedItem, type Sheet, type SheetRow } from './input-api.ts';

const KEY = ['indicators-input'];

/** The value of a row as a reader sees it. */
export function useShown() {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (v: { value: number | null; answer: Answer | null }) => (v.answer ? t(`indicatorsInput.answer.${v.answer}`) : v.value === null ? t('indicatorsInput.none') : fmt.number(v.value));
}

/**
 * A focal point reports its country's indicator values: one by one in a form (a number, or
 * yes/partial/no with evidence and a short explanation), or many at once through the XLSX
 * template (download, fill, upload, preview, apply). Every value stays provisional until the
 * secretariat validates it; the list below shows each report's decision and reason.
 */
export function ReportValuesPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const countryName = useCountryName();
  const queryClient = useQueryClient();
  const choices = yearChoices();
  const [years, setYears] = useState<string[]>(choices.slice(3, 5));
  const yearsQs = years.join(',');
  const sheet = useQuery({ queryKey: [...KEY, 'sheet', yearsQs, lang], queryFn: () => get<Sheet>(`/api/v1/indicators/report/sheet?years=${yearsQs}`), enabled: years.length > 0 });
  const mine = useQuery({ queryKey: [...KEY, 'mine', lang], queryFn: () => get<{ items: ReportedItem[] }>('/api/v1/indicators/reported') });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: KEY });
  const country = sheet.data?.country ?? '';
  useTitle(t('indicatorsInput.report.title'));
  const toggle = (y: string) => setYears((ys) => (ys.includes(y) ? ys.filter((x) => x !== y) : [...ys, y].sort()));

  return (
    <div className="ii-page">
      <h1>{t('indicatorsInput.report.title')}</h1>
      <p className="lead">{country ? t('indicatorsInput.report.intro', { country: countryName(country) }) : null}</p>
      <fieldset className="ii-years">
        <legend>{t('indicatorsInput.report.years')}</legend>
        {choices.map((y) => (
          <label key={y} className="ii-year">
            <input type="checkbox" checked={years.includes(y)} onChange={() => toggle(y)} /> {y}
          </label>
        ))}
      </fieldset>

      <section aria-labelledby="ii-template" className="panel">
        <h2 id="ii-template">{t('indicatorsInput.report.templateTitle')}</h2>
        <p>{t('indicatorsInput.report.templateIntro')}</p>
        {years.length ? (
          <p>
            <a href={`/api/v1/indicators/report/template.xlsx?years=${yearsQs}&lang=${lang}`} download data-testid="template-link">
              {t('indicatorsInput.report.download', { years: years.join(', ') })}
            </a>
          </p>
        ) : null}
        <FileInput
          previewUrl="/api/v1/indicators/report/template/preview"
          applyUrl="/api/v1/indicators/report/template/apply"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          extension={/\.xlsx$/i}
          label={t('indicatorsInput.report.upload')}
          hint={t('indicatorsInput.report.uploadHint')}
          testId="template-input"
          onApplied={refresh}
        />
      </section>

      <section aria-labelledby="ii-form">
        <h2 id="ii-form">{t('indicatorsInput.report.formTitle')}</h2>
        {sheet.data ? <SheetTable rows={sheet.data.rows} onSaved={refresh} /> : <QueryState isLoading={sheet.isLoading} error={sheet.error} />}
      </section>

      <section aria-labelledby="ii-mine">
        <h2 id="ii-mine">{t('indicatorsInput.report.mineTitle')}</h2>
        {mine.data ? <MyReports items={mine.data.items} /> : <QueryState isLoading={mine.isLoading} error={mine.error} />}
      </section>
    </div>
  );
}

function SheetTable({ rows, onSaved }: { rows: SheetRow[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const shown = useShown();
  if (!rows.length) return <p>{t('indicatorsInput.report.nothing')}</p>;
  return (
    <ul className="ii-sheet" data-testid="report-sheet">
      {rows.map((r) => (
        <li key={`${r.code}-${r.year}`} className="ii-sheet-row">
          <details>
            <summary>
              <span className="ii-code">{r.code}</span> · {r.year} · {r.name} —{' '}
              <span className="ii-current">
                {r.status ? `${shown(r)} (${t(`indicatorsInput.status.${r.status}`)})` : t('indicatorsInput.report.noValue')}
              </span>
            </summary>
            <ReportForm row={r} onSaved={onSaved} />
          </details>
        </li>
      ))}
    </ul>
  );
}

function ReportForm({ row, onSaved }: { row: SheetRow; onSaved: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const policy = row.type === 'policy_presence';
  const [value, setValue] = useState(policy ? (row.answer ?? '') : row.value === null ? '' : String(row.value));
  const [link, setLink] = useState('');
  const [narrative, setNarrative] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const save = useMutation({
    mutationFn: async () => {
      let evidenceFile: string | null = null;
      if (file) {
        const form = new FormData();
        form.append('file', file);
        evidenceFile = (await upload<{ id: string }>('/api/v1/indicators/report/evidence', form)).id;
      }
      return post<{ revisionId: number }>('/api/v1/indicators/report/values', {
        country: row.country,
        code: row.code,
        period: row.year,
        ...(policy ? { answer: value } : { value }),
        evidenceUrl: link || null,
        evidenceFile,
        narrative: narrative || null,
      });
    },
    onSuccess: onSaved,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} className="ii-form" aria-label={t('indicatorsInput.report.formFor', { code: row.code, year: row.year })}>
      {policy ? (
        <div className="field">
          <label htmlFor={`${id}-v`}>{t('indicatorsInput.report.answer')}</label>
          <select id={`${id}-v`} value={value} onChange={(e) => setValue(e.target.value)} required>
            <option value="">{t('indicatorsInput.report.choose')}</option>
            {(['yes', 'partial', 'no'] as const).map((a) => (
              <option key={a} value={a}>
                {t(`indicatorsInput.answer.${a}`)}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-v`}>{t('indicatorsInput.report.value', { unit: row.unit })}</label>
          <input id={`${id}-v`} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} required />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-l`}>{t('indicatorsInput.report.evidenceUrl')}</label>
        <input id={`${id}-l`} type="url" value={link} onChange={(e) => setLink(e.target.value)} placeholder="https://" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-f`}>{t('indicatorsInput.report.evidenceFile')}</label>
        <input id={`${id}-f`} type="file" accept=".pdf,.docx,.xlsx,image/*" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-n`}>{t('indicatorsInput.report.narrative')}</label>
        <textarea id={`${id}-n`} value={narrative} onChange={(e) => setNarrative(e.target.value)} maxLength={2000} rows={3} />
      </div>
      <ErrorAlert message={errorText(save.error)} />
      <StatusMessage>{save.data ? t('indicatorsInput.report.saved') : null}</StatusMessage>
      <p className="form-actions">
        <button type="submit" disabled={save.isPending}>
          {t('indicatorsInput.report.submit')}
        </button>
      </p>
    </form>
  );
}

function MyReports({ items }: { items: ReportedItem[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const shown = useShown();
  if (!items.length) return <p>{t('indicatorsInput.report.noneYet')}</p>;
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t('indicatorsInput.report.mineCaption')}>
      <table data-testid="my-reports">
        <caption>{t('indicatorsInput.report.mineCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('indicatorsInput.indicator')}</th>
            <th scope="col">{t('indicatorsInput.year')}</th>
            <th scope="col">{t('indicatorsInput.value')}</th>
            <th scope="col">{t('indicatorsInput.statusLabel')}</th>
            <th scope="col">{t('indicatorsInput.recorded')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => {
            const last = i.decisions[i.decisions.length - 1];
            return (
              <tr key={i.revisionId}>
                <th scope="row">
                  <span className="ii-code">{i.code}</span> {i.name}
                </th>
                <td>{i.period}</td>
                <td>{shown(i)}</td>
                <td>
                  {t(`indicatorsInput.status.${!i.current && i.status === 'provisional' ? 'replaced' : i.status}`)}
                  {last?.reason ? <span className="hint"> — {last.reason}</span> : null}
                </td>
                <td>{fmt.dateTime(i.recordedAt)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
