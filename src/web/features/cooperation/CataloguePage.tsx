import { useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api/client.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { useSession, useTitle } from '../../app/hooks.ts';
import { importFormat, MAX_IMPORT_MB, toBase64 } from '../commitments/logic.ts';
import { CATALOGUE_FIELDS, type CataloguePreview } from './catalogue.ts';

interface Loaded {
  name: string;
  format: 'csv' | 'xlsx';
  content: string;
}

/**
 * A partner's catalogue of practices in bulk: upload (CSV/XLSX, its own columns) → preview
 * (columns recognised, which the uploader may correct; every row's objective suggestions and
 * likely duplicates; every error) → apply in one step. Contributors bring drafts for their
 * organisation; the secretariat names the organisation and may publish at once.
 */
export function CataloguePage() {
  const { t } = useTranslation();
  const user = useSession().data?.user;
  const secretariat = user?.role === 'admin' || user?.role === 'secretariat';
  const inputId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<Loaded | null>(null);
  const [organisation, setOrganisation] = useState('');
  const [language, setLanguage] = useState<'es' | 'en'>('es');
  const [columns, setColumns] = useState<Record<string, string>>({});
  const [keep, setKeep] = useState<number[]>([]);
  const [publish, setPublish] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useTitle(t('cooperation.catalogue.title'));

  const options = (f: Loaded, cols: Record<string, string>) => ({ format: f.format, content: f.content, language, columns: cols, ...(secretariat ? { organisation: organisation.trim().toUpperCase() || null } : {}) });
  const preview = useMutation({ mutationFn: (v: { f: Loaded; cols: Record<string, string> }) => post<CataloguePreview>('/api/v1/practices/catalogue/preview', options(v.f, v.cols)) });
  const apply = useMutation({
    mutationFn: (v: { f: Loaded; checksum: string }) =>
      post<{ created: number; skipped: number; workflow: 'draft' | 'published' }>('/api/v1/practices/catalogue/apply', { ...options(v.f, columns), checksum: v.checksum, keepRows: keep, publish: secretariat && publish }),
    onSuccess: () => {
      preview.reset();
      setFile(null);
      setKeep([]);
      if (fileRef.current) fileRef.current.value = '';
    },
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    apply.reset();
    setProblem(null);
    const f = fileRef.current?.files?.[0];
    if (!f) return setProblem(t('commitments.import.chooseFile'));
    const format = importFormat(f.name);
    if (!format) return setProblem(t('commitments.import.wrongType', { name: f.name }));
    if (f.size > MAX_IMPORT_MB * 1024 * 1024) return setProblem(t('commitments.import.tooLarge', { name: f.name, mb: MAX_IMPORT_MB }));
    const loaded = { name: f.name, format, content: toBase64(new Uint8Array(await f.arrayBuffer())) };
    setFile(loaded);
    setColumns({});
    setKeep([]);
    preview.mutate({ f: loaded, cols: {} });
  };
  const remap = (header: string, field: string) => {
    if (!file) return;
    const cols = { ...columns, [header]: field || 'ignore' };
    setColumns(cols);
    preview.mutate({ f: file, cols });
  };
  const message = (e: Error | null) => (e ? [e.message, ...(e instanceof ApiError ? e.issues.map((i) => i.message) : [])].join(' ') : null);
  const p = preview.data;
  const notes = new Map((p?.notes ?? []).map((n) => [n.row, n.message]));
  const errorsOf = (row: number) => (p?.errors ?? []).filter((e) => e.row === row);

  return (
    <>
      <p>
        <Link to="/cooperation">{t('cooperation.hub.title')}</Link>
      </p>
      <h1>{t('cooperation.catalogue.title')}</h1>
      <p className="lead">{t('cooperation.catalogue.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {secretariat ? <TextField label={t('cooperation.fields.organisationCode')} hint={t('cooperation.catalogue.organisationHint')} value={organisation} onChange={(e) => setOrganisation(e.target.value)} /> : null}
        <SelectField label={t('cooperation.catalogue.language')} value={language} onChange={(e) => setLanguage(e.target.value as 'es' | 'en')}>
          <option value="es">{t('cooperation.catalogue.languages.es')}</option>
          <option value="en">{t('cooperation.catalogue.languages.en')}</option>
        </SelectField>
        <div className="field">
          <label htmlFor={inputId}>{t('commitments.import.file')}</label>
          <p className="hint" id={`${inputId}-hint`}>
            {t('cooperation.catalogue.fileHint', { mb: MAX_IMPORT_MB })}
          </p>
          <input id={inputId} ref={fileRef} type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby={`${inputId}-hint`} />
        </div>
        <p className="form-actions">
          <button type="submit" disabled={preview.isPending}>
            {t('commitments.import.preview')}
          </button>
        </p>
      </form>
      {preview.isPending ? <progress aria-label={t('cooperation.catalogue.reading')} /> : null}
      <ErrorAlert message={problem ?? message(preview.error) ?? message(apply.error)} />
      <StatusMessage>{apply.data ? t(`cooperation.catalogue.applied.${apply.data.workflow}`, { count: apply.data.created, skipped: apply.data.skipped }) : null}</StatusMessage>

      {p && file ? (
        <section className="panel" data-testid="catalogue-preview" aria-labelledby="cat-preview">
          <h2 id="cat-preview">{t('commitments.import.previewTitle', { name: file.name })}</h2>
          <p role="status">{t('cooperation.catalogue.summary', { rows: p.rows, create: p.toCreate + keep.length, duplicates: p.duplicates, errors: p.errors.length })}</p>
          <div className="table-wrap">
            <table data-testid="catalogue-columns">
              <caption>{t('cooperation.catalogue.columnsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cooperation.catalogue.header')}</th>
                  <th scope="col">{t('cooperation.catalogue.field')}</th>
                </tr>
              </thead>
              <tbody>
                {p.columns.map((c) => (
                  <tr key={c.header}>
                    <th scope="row">{c.header}</th>
                    <td>
                      <select aria-label={t('cooperation.catalogue.fieldFor', { header: c.header })} value={c.field ?? ''} onChange={(e) => remap(c.header, e.target.value)}>
                        <option value="">{t('cooperation.catalogue.ignore')}</option>
                        {CATALOGUE_FIELDS.map((f) => (
                          <option key={f} value={f}>
                            {t(`cooperation.catalogue.fields.${f}`)}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap">
            <table data-testid="catalogue-rows">
              <caption>{t('cooperation.catalogue.rowsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('commitments.import.row')}</th>
                  <th scope="col">{t('cooperation.catalogue.fields.title')}</th>
                  <th scope="col">{t('cooperation.catalogue.fields.countries')}</th>
                  <th scope="col">{t('cooperation.catalogue.objectives')}</th>
                  <th scope="col">{t('cooperation.catalogue.check')}</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((i) => (
                  <tr key={i.row}>
                    <td>{i.row}</td>
                    <th scope="row">{i.title || t('common.none')}</th>
                    <td>{i.countries.join(', ')}</td>
                    <td>
                      {i.objectives.length ? t(i.objectivesFrom === 'file' ? 'cooperation.catalogue.fromFile' : 'cooperation.catalogue.suggested', { list: i.objectives.join(', ') }) : t('common.none')}
                      {i.suggestions.length ? <span className="hint"> {t('cooperation.catalogue.suggestions', { list: i.suggestions.map((s) => s.objective).join(', ') })}</span> : null}
                    </td>
                    <td>
                      {errorsOf(i.row).map((e, k) => (
                        <p key={k} className="field-error">
                          {e.column ? `${e.column}: ` : ''}
                          {e.message}
                        </p>
                      ))}
                      {notes.has(i.row) ? (
                        <label>
                          <input type="checkbox" checked={keep.includes(i.row)} onChange={() => setKeep((k) => (k.includes(i.row) ? k.filter((x) => x !== i.row) : [...k, i.row]))} /> {notes.get(i.row)}{' '}
                          {t('cooperation.catalogue.keep')}
                        </label>
                      ) : null}
                      {!notes.has(i.row) && !errorsOf(i.row).length ? t('cooperation.catalogue.ok') : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {p.errors.filter((e) => !p.items.some((i) => i.row === e.row)).map((e, k) => (
            <p key={k} className="field-error">
              {t('cooperation.catalogue.rowError', { row: e.row })} {e.column ? `${e.column}: ` : ''}
              {e.message}
            </p>
          ))}
          {p.canApply ? (
            <>
              {secretariat ? (
                <p>
                  <label>
                    <input type="checkbox" checked={publish} onChange={(e) => setPublish(e.target.checked)} /> {t('cooperation.catalogue.publish')}
                  </label>
                </p>
              ) : null}
              <p className="form-actions">
                <button type="button" onClick={() => apply.mutate({ f: file, checksum: p.checksum })} disabled={apply.isPending || p.toCreate + keep.length === 0}>
                  {t('cooperation.catalogue.apply', { count: p.toCreate + keep.length })}
                </button>
              </p>
            </>
          ) : (
            <p className="cm-blocked">{t('commitments.import.fixFirst')}</p>
          )}
        </section>
      ) : null}
    </>
  );
}
