import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api/client.ts';
import { QueryState } from '../../components/Loading.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { useFormat, useLang, useSession, useTitle } from '../../app/hooks.ts';
import { UUID, type HistoryEntry, type PracticeSaved } from './api.ts';
import { usePractice } from './DetailPage.tsx';

/** A stored value as a reader sees it: lists joined, translations labelled, empty as a dash. */
export function formatValue(v: unknown, t: TFunction, field?: string): string {
  if (v === null || v === undefined || v === '') return t('common.none');
  // Codes of closed lists read as words.
  const enumKey = field === 'status' ? 'status' : field === 'kind' ? 'kind' : field === 'targetGroups' ? 'targetGroup' : field === 'originalLanguage' ? 'language' : null;
  if (enumKey && typeof v === 'string') return t(`practices.${enumKey}.${v}`);
  if (enumKey && Array.isArray(v)) return v.length ? v.map((x) => t(`practices.${enumKey}.${String(x)}`)).join(', ') : t('common.none');
  if (Array.isArray(v)) {
    if (!v.length) return t('common.none');
    return v.map((x) => (x && typeof x === 'object' ? formatValue(x, t) : String(x))).join(', ');
  }
  if (typeof v === 'boolean') return v ? t('practices.detail.evaluatedYes') : t('practices.detail.evaluatedNo');
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null && x !== '');
    if (!entries.length) return t('common.none');
    if ('url' in v) return `${String((v as { label?: string }).label ?? '')} <${String((v as { url: string }).url)}>`.trim();
    return entries.map(([k, x]) => `${k}: ${String(x)}`).join(' · ');
  }
  return typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
}

const FIELD_KEYS = new Set([
  'title', 'summary', 'description', 'originalLanguage', 'kind', 'status', 'periodStart', 'periodEnd', 'source', 'leadInstitution', 'partners',
  'targetGroups', 'links', 'benefit', 'impact', 'evaluated', 'evaluationUrl', 'contact', 'countries', 'organisations', 'objectives', 'primaryObjective', 'principles',
]);

const NOTES = new Set(['created', 'submit', 'publish', 'request_changes', 'reject', 'endorse']);

/** The server's version notes ("submit", "restore 3"…) in words. */
function noteText(note: string, t: TFunction): string {
  if (NOTES.has(note)) return t(`practices.history.notes.${note}`);
  const restore = /^restore (\d+)$/.exec(note);
  return restore ? t('practices.history.notes.restore', { version: Number(restore[1]) }) : note;
}

export function fieldLabel(field: string, t: TFunction): string {
  return FIELD_KEYS.has(field) ? t(`practices.field.${field}`) : field;
}

export function HistoryPage() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const lang = useLang();
  const fmt = useFormat();
  const session = useSession();
  const queryClient = useQueryClient();
  const isId = !!slug && UUID.test(slug);
  // The history API takes the id: a slug is resolved through the public record first.
  const practice = usePractice(isId ? undefined : slug);
  const id = isId ? slug : practice.data?.id;
  useTitle(t('practices.history.title'));
  const history = useQuery({
    queryKey: ['practices', 'history', id, lang],
    queryFn: () => get<{ items: HistoryEntry[] }>(`/api/v1/practices/${id}/history`).then((r) => r.items),
    enabled: !!id,
  });
  const role = session.data?.user?.role;
  const canRestore = role === 'admin' || role === 'secretariat';
  const restore = useMutation({
    mutationFn: (version: number) => post<PracticeSaved>(`/api/v1/practices/${id}/restore`, { version }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['practices'] }),
  });

  return (
    <>
      <h1>{t('practices.history.title')}</h1>
      {practice.data ? (
        <p className="lead">
          <Link to={`/practices/${practice.data.slug}`}>{practice.data.title}</Link>
        </p>
      ) : null}
      <QueryState isLoading={practice.isLoading || history.isLoading} error={practice.error ?? history.error} />
      <ErrorAlert message={restore.error?.message} />
      <StatusMessage>{restore.isSuccess ? t('practices.history.restored', { version: restore.data.version }) : null}</StatusMessage>
      {history.data ? (
        <ol className="plain history" data-testid="history">
          {history.data.map((h) => (
            <li key={h.version} className="panel history-entry">
              <h2>{t('practices.history.version', { version: h.version })}</h2>
              <p>
                {fmt.dateTime(h.at)}
                {h.by ? ` — ${h.by}` : ''} · {t(`practices.workflow.${h.workflow}`)}
                {h.note ? ` · ${t('practices.history.note', { note: noteText(h.note, t) })}` : ''}
              </p>
              {h.changes.length ? (
                <div className="table-wrap">
                  <table>
                    <caption>{t('practices.history.changesCaption', { version: h.version })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('practices.history.field')}</th>
                        <th scope="col">{t('practices.history.before')}</th>
                        <th scope="col">{t('practices.history.after')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {h.changes.map((c) => (
                        <tr key={c.field}>
                          <th scope="row">{fieldLabel(c.field, t)}</th>
                          <td className="diff-before">
                            <del>{formatValue(c.before, t, c.field)}</del>
                          </td>
                          <td className="diff-after">
                            <ins>{formatValue(c.after, t, c.field)}</ins>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                <p className="muted">{t('practices.history.noChanges')}</p>
              )}
              {canRestore && h !== history.data[0] ? (
                <button type="button" className="button-secondary" disabled={restore.isPending} onClick={() => restore.mutate(h.version)}>
                  {t('practices.history.restore', { version: h.version })}
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </>
  );
}
