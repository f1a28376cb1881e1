import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post, upload } from '../../api/client.ts';
import { ErrorAlert } from '../../components/Alert.tsx';
import { useObjectives, type Attachment, type ObjectiveSuggestions, type PracticeRecord } from './api.ts';
import { fieldLabel, formatValue } from './HistoryPage.tsx';
import type { Draft, toInput } from './draft.ts';

/** The practice form's side panels: objective suggestions, the edit conflict, attachments. */
export function Suggestions({ draft, onAdd }: { draft: Draft; onAdd: (n: number) => void }) {
  const { t } = useTranslation();
  const objectives = useObjectives();
  const title = `${draft.titleEs} ${draft.titleEn}`.trim();
  const summary = `${draft.summaryEs} ${draft.summaryEn}`.trim();
  const [text, setText] = useState({ title, summary, description: draft.description });
  useEffect(() => {
    const h = window.setTimeout(() => setText({ title: title.slice(0, 300), summary: summary.slice(0, 2000), description: draft.description.slice(0, 50_000) }), 500);
    return () => window.clearTimeout(h);
  }, [title, summary, draft.description]);
  const enough = (text.title + text.summary).trim().length >= 8;
  const suggestions = useQuery({
    queryKey: ['practices', 'suggest', text],
    queryFn: () => post<ObjectiveSuggestions>('/api/v1/practices/suggest-objectives', text).then((r) => r.items),
    enabled: enough,
    staleTime: Infinity,
  });
  const titles = new Map((objectives.data ?? []).map((o) => [o.number, o.shortTitle]));
  const items = (suggestions.data ?? []).filter((s) => s.score > 0 && !draft.objectives.includes(s.objective)).slice(0, 5);
  return (
    <div className="suggestions" aria-live="polite" data-testid="suggestions">
      {enough && items.length ? (
        <>
          <p className="hint">{t('practices.form.suggested')}</p>
          <ul className="plain suggestion-list">
            {items.map((s) => (
              <li key={s.objective}>
                <button type="button" className="button-secondary button-small" onClick={() => onAdd(s.objective)}>
                  {t('practices.form.addSuggested', { number: s.objective, title: titles.get(s.objective) ?? '' })}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** The other person's saved version next to mine, field by field. */
export function ConflictPanel({ theirs, mine, onReload }: { theirs: PracticeRecord; mine: ReturnType<typeof toInput>; onReload: () => void }) {
  const { t } = useTranslation();
  const norm = (v: unknown) => JSON.stringify(v ?? null);
  const fields = (Object.keys(mine) as (keyof typeof mine)[]).filter((k) => norm(mine[k]) !== norm((theirs as unknown as Record<string, unknown>)[k]));
  return (
    <section className="panel conflict" aria-labelledby="conflict-title" data-testid="conflict">
      <h2 id="conflict-title">{t('practices.form.conflictTitle')}</h2>
      <p>{t('practices.form.conflictText')}</p>
      <div className="table-wrap">
        <table>
          <caption>{t('practices.form.conflictCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('practices.history.field')}</th>
              <th scope="col">{t('practices.form.conflictTheirs')}</th>
              <th scope="col">{t('practices.form.conflictMine')}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f}>
                <th scope="row">{fieldLabel(f, t)}</th>
                <td>{formatValue((theirs as unknown as Record<string, unknown>)[f], t, f)}</td>
                <td>{formatValue(mine[f], t, f)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" onClick={onReload}>
        {t('practices.form.conflictReload')}
      </button>
    </section>
  );
}

export function Attachments({ practiceId, initial }: { practiceId: string; initial: Attachment[] }) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<Attachment[]>(initial);
  const input = useRef<HTMLInputElement>(null);
  const send = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return upload<Attachment>(`/api/v1/practices/${practiceId}/attachments`, form);
    },
    onSuccess: (a) => {
      setFiles((f) => [...f, a]);
      if (input.current) input.current.value = '';
    },
  });
  const error = send.error instanceof ApiError ? (send.error.issueFor('file') ?? send.error.message) : send.error ? t('errors.unexpected') : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (file) send.mutate(file);
  };
  return (
    <section className="form-section panel" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t('practices.detail.attachments')}</h2>
      <form onSubmit={submit} className="inline-form">
        <div className="field">
          <label htmlFor="attachment-file">{t('practices.form.file')}</label>
          <p className="hint" id="attachment-hint">
            {t('practices.form.fileHint')}
          </p>
          <input id="attachment-file" type="file" ref={input} aria-describedby="attachment-hint" accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.webp" />
        </div>
        <div className="form-actions">
          <button type="submit" disabled={send.isPending}>
            {t('practices.form.upload')}
          </button>
        </div>
      </form>
      <ErrorAlert message={error} />
      {files.length ? (
        <ul data-testid="attachments">
          {files.map((f) => (
            <li key={f.id}>
              <a href={`/api/v1/practices/${practiceId}/attachments/${f.id}`} download>
                {f.filename}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
