import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, qs, type AuditEvent } from '../../../api/client.ts';
import { TextField } from '../../../components/Field.tsx';
import { QueryState } from '../../../components/Loading.tsx';
import { DataTable } from '../../../components/DataTable.tsx';
import { useFormat, useLang, useTitle } from '../../../app/hooks.ts';
import { actionWords, entityWords, labelIn } from './audit-words.ts';

const PAGE_SIZE = 50;

interface Filters {
  action: string;
  entityType: string;
  actor: string;
  from: string;
  to: string;
}

const EMPTY: Filters = { action: '', entityType: '', actor: '', from: '', to: '' };

function Json({ value }: { value: unknown }) {
  return <pre className="json">{value === null || value === undefined ? '—' : JSON.stringify(value, null, 2)}</pre>;
}

export function AuditPage() {
  const { t } = useTranslation();
  useTitle(t('admin.audit.title'));
  const fmt = useFormat();
  const lang = useLang();
  const [draft, setDraft] = useState<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [page, setPage] = useState(1);
  // "To" is a whole day: everything up to its end.
  const params = { ...filters, to: filters.to ? `${filters.to}T23:59:59.999` : '', page, pageSize: PAGE_SIZE };
  const events = useQuery({
    queryKey: ['admin-audit', params],
    queryFn: () => get<{ items: AuditEvent[] }>(`/api/v1/admin/audit${qs(params)}`).then((r) => r.items),
  });
  const field = (k: keyof Filters, type = 'text') => (
    <TextField label={t(`admin.audit.${k}`)} name={k} type={type} value={draft[k]} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} />
  );
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{t('admin.audit.title')}</h2>
      <form
        className="filters"
        role="search"
        aria-label={t('admin.audit.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
          setFilters(draft);
        }}
      >
        {field('action')}
        {field('entityType')}
        {field('actor')}
        {field('from', 'date')}
        {field('to', 'date')}
        <div className="form-actions">
          <button type="submit">{t('common.filter')}</button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              setDraft(EMPTY);
              setFilters(EMPTY);
              setPage(1);
            }}
          >
            {t('common.clear')}
          </button>
        </div>
      </form>
      <QueryState isLoading={events.isLoading} error={events.error} />
      <DataTable
        className="audit"
        caption={
          <>
            {t('admin.audit.caption')} — {t('common.page', { page })}
          </>
        }
        columns={[t('admin.audit.colAt'), t('admin.audit.colActor'), t('admin.audit.colAction'), t('admin.audit.colEntity'), t('admin.audit.colDetails')]}
        rows={events.data}
        rowKey={(ev) => ev.id}
        empty={t('admin.audit.empty')}
        cells={(ev) => (
          <>
            <td>
              <time dateTime={ev.at}>{fmt.dateTime(ev.at)}</time>
            </td>
            <td>{ev.actor ?? t('admin.audit.system')}</td>
            {/* Words for people; the codes, which the filters take, stay on hover. */}
            <th scope="row" title={ev.action}>
              {actionWords(t, ev.action)}
            </th>
            <td title={ev.entityId ? t('admin.audit.entityId', { id: ev.entityId }) : undefined}>
              <span className="muted">{entityWords(t, ev.entityType)}</span>
              {ev.entityId ? (
                <>
                  <br />
                  {labelIn(ev.entityLabel, lang) ?? <code>{ev.entityId}</code>}
                </>
              ) : null}
            </td>
            <td>
              {ev.before !== null || ev.after !== null ? (
                <details>
                  <summary>{t('admin.audit.showDetails')}</summary>
                  <div className="diff">
                    <div>
                      <h3>{t('admin.audit.before')}</h3>
                      <Json value={ev.before} />
                    </div>
                    <div>
                      <h3>{t('admin.audit.after')}</h3>
                      <Json value={ev.after} />
                    </div>
                  </div>
                  {ev.requestId ? <p className="muted">{t('admin.audit.requestId', { id: ev.requestId })}</p> : null}
                </details>
              ) : (
                t('common.none')
              )}
            </td>
          </>
        )}
      />
      <nav className="pager" aria-label={t('common.page', { page })}>
        <button type="button" className="button-secondary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
          {t('common.previous')}
        </button>
        <span>{t('common.page', { page })}</span>
        <button type="button" className="button-secondary" disabled={(events.data?.length ?? 0) < PAGE_SIZE} onClick={() => setPage((p) => p + 1)}>
          {t('common.next')}
        </button>
      </nav>
    </section>
  );
}
