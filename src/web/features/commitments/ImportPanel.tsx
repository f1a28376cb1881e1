import { useId, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api/client.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { useFormat, useLang } from '../../app/hooks.ts';
import type { ImportApplied, ImportChange, ImportPreview } from './api.ts';
import { errorsByRow, importFormat, MAX_IMPORT_MB, toBase64, type ActionStatus } from './logic.ts';
import { useDay } from './labels.tsx';

interface Loaded {
  name: string;
  format: 'csv' | 'xlsx';
  content: string;
}

/** Export links, then upload → preview (diff and errors by row and column) → apply. Secretariat only. */
export function ImportPanel({ roadmapId }: { roadmapId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const fmt = useFormat();
  const day = useDay();
  const queryClient = useQueryClient();
  const inputId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const preview = useMutation({
    mutationFn: (f: Loaded) => post<ImportPreview>(`/api/v1/roadmaps/${roadmapId}/actions/import`, { format: f.format, content: f.content }),
  });
  const apply = useMutation({
    mutationFn: (v: { f: Loaded; checksum: string }) =>
      post<ImportApplied>(`/api/v1/roadmaps/${roadmapId}/actions/import/apply`, { format: v.f.format, content: v.f.content, checksum: v.checksum }),
    onSuccess: async () => {
      preview.reset();
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      await queryClient.invalidateQueries({ queryKey: ['commitments'] });
    },
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    apply.reset();
    preview.reset();
    setProblem(null);
    const f = fileRef.current?.files?.[0];
    if (!f) return setProblem(t('commitments.import.chooseFile'));
    const format = importFormat(f.name);
    if (!format) return setProblem(t('commitments.import.wrongType', { name: f.name }));
    if (f.size > MAX_IMPORT_MB * 1024 * 1024) return setProblem(t('commitments.import.tooLarge', { name: f.name, mb: MAX_IMPORT_MB }));
    const loaded = { name: f.name, format, content: toBase64(new Uint8Array(await f.arrayBuffer())) };
    setFile(loaded);
    preview.mutate(loaded);
  };

  const value = (c: ImportChange, v: string | null) => {
    if (v === null || v === '') return t('common.none');
    if (c.field === 'status') return t(`commitments.status.${v as ActionStatus}`);
    if (c.field === 'dueDate') return day(v);
    return v;
  };
  const p = preview.data;
  const previewError = preview.error;
  const previewMessage = previewError ? [previewError.message, ...(previewError instanceof ApiError ? previewError.issues.map((i) => i.message) : [])].join(' ') : null;
  const applyError = apply.error instanceof ApiError ? [apply.error.message, ...apply.error.issues.map((i) => i.message)].join(' ') : (apply.error?.message ?? null);

  return (
    <section aria-labelledby="cm-io" className="panel cm-io">
      <h2 id="cm-io">{t('commitments.import.title')}</h2>
      <p>{t('commitments.import.intro')}</p>
      <p className="cm-exports">
        <a href={`/api/v1/roadmaps/${roadmapId}/actions/export.xlsx?lang=${lang}`} download>
          {t('commitments.import.exportXlsx')}
        </a>
        {' · '}
        <a href={`/api/v1/roadmaps/${roadmapId}/actions/export.csv?lang=${lang}`} download>
          {t('commitments.import.exportCsv')}
        </a>
      </p>
      <form onSubmit={(e) => void submit(e)} className="inline-form">
        <div className="field">
          <label htmlFor={inputId}>{t('commitments.import.file')}</label>
          <p className="hint" id={`${inputId}-hint`}>
            {t('commitments.import.fileHint', { mb: MAX_IMPORT_MB })}
          </p>
          <input id={inputId} ref={fileRef} type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" aria-describedby={`${inputId}-hint`} />
        </div>
        <p className="form-actions">
          <button type="submit" disabled={preview.isPending}>
            {t('commitments.import.preview')}
          </button>
        </p>
      </form>
      <ErrorAlert message={problem ?? previewMessage ?? applyError} />
      <StatusMessage>{apply.data ? t('commitments.import.applied', { count: apply.data.applied }) : null}</StatusMessage>

      {p && file ? (
        <div className="cm-preview" data-testid="import-preview">
          <h3>{t('commitments.import.previewTitle', { name: file.name })}</h3>
          <p role="status">{t('commitments.import.summary', { rows: p.rows, changes: p.changes.length, errors: p.errors.length })}</p>
          {p.errors.length ? (
            <div className="table-wrap">
              <table data-testid="import-errors">
                <caption>{t('commitments.import.errorsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('commitments.import.row')}</th>
                    <th scope="col">{t('commitments.import.column')}</th>
                    <th scope="col">{t('commitments.import.value')}</th>
                    <th scope="col">{t('commitments.import.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {errorsByRow(p.errors).flatMap((g) =>
                    g.errors.map((e, i) => (
                      <tr key={`${g.row}-${i}`}>
                        {i === 0 ? (
                          <th scope="rowgroup" rowSpan={g.errors.length}>
                            {fmt.number(g.row)}
                          </th>
                        ) : null}
                        <td>{e.column}</td>
                        <td>
                          <code>{e.value || t('common.none')}</code>
                        </td>
                        <td>{e.message}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          ) : null}
          {p.changes.length ? (
            <div className="table-wrap">
              <table data-testid="import-changes">
                <caption>{t('commitments.import.changesCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('commitments.import.row')}</th>
                    <th scope="col">{t('commitments.import.action')}</th>
                    <th scope="col">{t('commitments.import.field')}</th>
                    <th scope="col">{t('commitments.import.before')}</th>
                    <th scope="col">{t('commitments.import.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.changes.map((c) => (
                    <tr key={`${c.row}-${c.field}`}>
                      <td>{fmt.number(c.row)}</td>
                      <th scope="row">{c.action}</th>
                      <td>{t(`commitments.import.fields.${c.field}`)}</td>
                      <td>
                        <del>{value(c, c.before)}</del>
                      </td>
                      <td>
                        <ins>{value(c, c.after)}</ins>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{t('commitments.import.noChanges')}</p>
          )}
          {p.canApply ? (
            p.changes.length ? (
              <p className="form-actions">
                <button type="button" onClick={() => apply.mutate({ f: file, checksum: p.checksum })} disabled={apply.isPending}>
                  {t('commitments.import.apply', { count: p.changes.length })}
                </button>
              </p>
            ) : null
          ) : (
            <p className="cm-blocked">{t('commitments.import.fixFirst')}</p>
          )}
        </div>
      ) : null}
    </section>
  );
}
