import { useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { ApiError } from '../../api/client.ts';
import { useLang, useTitle } from '../../app/hooks.ts';
import { formatNumber } from '../explore/format.ts';
import { ObservatoryNav } from '../explore/ObservatoryNav.tsx';
import { useApplyImport, useImport, useImportUpload, usePendingImports, type ImportReport } from './api.ts';
import { useSearchParams } from 'react-router';

/** A stored column a re-import changes → the name the record form uses for it. */
const FIELD_KEY: Record<string, string> = {
  incident_date: 'incidents.field.date',
  date_precision: 'incidents.field.precision',
  country_code: 'incidents.field.country',
  region: 'incidents.filters.region',
  place: 'incidents.field.place',
  lat: 'incidents.field.lat',
  lon: 'incidents.field.lon',
  route: 'incidents.field.route',
  dead: 'incidents.field.dead',
  missing: 'incidents.field.missing',
  dead_and_missing: 'incidents.deadAndMissing',
  survivors: 'incidents.field.survivors',
  females: 'incidents.field.females',
  males: 'incidents.field.males',
  children: 'incidents.field.children',
  origins: 'incidents.field.origins',
  origin_region: 'incidents.import.originRegion',
  cause: 'incidents.field.cause',
  incident_type: 'incidents.field.type',
  info_source: 'incidents.field.infoSource',
  source_quality: 'incidents.field.quality',
  url: 'incidents.field.url',
};

function IssueList({ title, items, total, testId }: { title: string; items: { row: number; message: string }[]; total: number; testId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!items.length) return null;
  return (
    <section aria-labelledby={`${testId}-h`}>
      <h3 id={`${testId}-h`}>{title}</h3>
      <ul data-testid={testId} className="inc-issues">
        {items.map((i, n) => (
          <li key={`${i.row}-${n}`}>{i.message}</li>
        ))}
      </ul>
      {total > items.length ? <p className="hint">{t('incidents.import.more', { shown: formatNumber(lang, items.length), total: formatNumber(lang, total) })}</p> : null}
    </section>
  );
}

/** The whole-file report: counts, errors and warnings by row, and what a re-import changes field by field. */
function Report({ r }: { r: ImportReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  const n = (v: number) => formatNumber(lang, v);
  const counts: [string, number][] = [
    [t('incidents.import.rows'), r.rows],
    [t('incidents.import.valid'), r.valid],
    [t('incidents.import.added'), r.added],
    [t('incidents.import.changed'), r.changed],
    [t('incidents.import.unchanged'), r.unchanged],
    [t('incidents.import.errors'), r.errorCount],
    [t('incidents.import.warnings'), r.warningCount],
  ];
  return (
    <section aria-labelledby="inc-import-report" data-testid="import-report">
      <h2 id="inc-import-report">{t('incidents.import.reportTitle', { file: r.fileName })}</h2>
      <p data-testid="import-layout">{t('incidents.import.layoutIs', { layout: t(`incidents.import.layout.${r.layout}`, { defaultValue: r.layout }) })}</p>
      <dl className="inc-facts" data-testid="import-counts">
        {counts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{n(v)}</dd>
          </div>
        ))}
      </dl>
      <IssueList title={t('incidents.import.errorsTitle')} items={r.errors} total={r.errorCount} testId="import-errors" />
      <IssueList title={t('incidents.import.warningsTitle')} items={r.warnings} total={r.warningCount} testId="import-warnings" />
      {r.changes.length ? (
        <section aria-labelledby="inc-import-changes">
          <h3 id="inc-import-changes">{t('incidents.import.changesTitle')}</h3>
          <table data-testid="import-changes">
            <caption>{t('incidents.import.changesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('incidents.import.key')}</th>
                <th scope="col">{t('incidents.import.fields')}</th>
              </tr>
            </thead>
            <tbody>
              {r.changes.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/observatory/missing-migrants/${c.id}`}>{c.key || c.id}</Link>
                  </th>
                  <td>{c.fields.map((f) => (FIELD_KEY[f] ? t(FIELD_KEY[f]) : f)).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </section>
  );
}

/**
 * `/observatory/missing-migrants/import` (the secretariat, administrators, contributors): a CSV
 * in IOM's older or current export, or the GDI tidy copy, is read whole by the API; the person
 * reads the report and applies it (one transaction). A refused file shows why, and no apply.
 */
/** A large file being read in the background: how far, as a progress bar (polled by `useImport`). */
function Progress({ r }: { r: ImportReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  const total = r.progress.total;
  return (
    <section aria-labelledby="inc-import-progress" data-testid="import-progress">
      <h2 id="inc-import-progress">{t('incidents.import.readingTitle', { file: r.fileName })}</h2>
      <progress max={total ?? undefined} value={total ? r.progress.read : undefined} aria-labelledby="inc-import-progress" />
      <p role="status">{total ? t('incidents.import.progress', { read: formatNumber(lang, r.progress.read), total: formatNumber(lang, total) }) : t('incidents.import.progressStart')}</p>
      <p className="hint">{t('incidents.import.progressLeave')}</p>
    </section>
  );
}

/** The person's imports still waiting (being read, or validated and not applied): each reopens here. */
function PendingImports({ current, open }: { current: string | null; open: (id: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const pending = usePendingImports(true);
  const items = (pending.data ?? []).filter((i) => i.id !== current);
  if (!items.length) return null;
  return (
    <section aria-labelledby="inc-import-pending" data-testid="import-pending">
      <h2 id="inc-import-pending">{t('incidents.import.pendingTitle')}</h2>
      <ul>
        {items.map((i) => (
          <li key={i.id}>
            <button type="button" onClick={() => open(i.id)} data-testid="import-reopen">
              {t('incidents.import.reopen', { file: i.fileName, date: new Date(i.createdAt).toLocaleString(lang) })}
            </button>{' '}
            <span className="muted">{t(`incidents.import.pendingStatus.${i.status}`, { rows: formatNumber(lang, i.rows) })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ImportPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const fileId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [missing, setMissing] = useState(false);
  const uploadFile = useImportUpload();
  const apply = useApplyImport();
  useTitle(t('incidents.import.title'));
  // The import shown is in the address (`?import=<id>`): a large one is followed while it is read, and any pending one can be reopened.
  const [params, setParams] = useSearchParams();
  const openId = params.get('import') ?? (uploadFile.data?.status === 'validating' ? uploadFile.data.id : null);
  const opened = useImport(openId);
  const reopen = (id: string) => {
    apply.reset();
    uploadFile.reset();
    setParams({ import: id });
  };
  const report = apply.data ?? (openId ? opened.data : uploadFile.data);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    setMissing(!file);
    if (!file) return;
    apply.reset();
    if (params.get('import')) setParams({});
    uploadFile.mutate(file);
  };
  const errorOf = (e: Error | null) => (e instanceof ApiError ? e.message : e ? t('errors.unexpected') : null);

  return (
    <>
      <ObservatoryNav />
      <p>
        <Link to="/observatory/missing-migrants">{t('incidents.detail.back')}</Link>
      </p>
      <h1>{t('incidents.import.title')}</h1>
      <p className="lead">{t('incidents.import.intro')}</p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={fileId}>{t('incidents.import.file')}</label>
          <p className="hint" id={`${fileId}-hint`}>
            {t('incidents.import.fileHint')}
          </p>
          <input id={fileId} ref={fileRef} type="file" accept=".csv,text/csv" aria-describedby={`${fileId}-hint`} aria-invalid={missing || undefined} onChange={() => setMissing(false)} data-testid="import-file" />
          {missing ? <p className="field-error">{t('incidents.import.chooseFile')}</p> : null}
        </div>
        <p className="form-actions">
          <button type="submit" disabled={uploadFile.isPending}>
            {uploadFile.isPending ? t('incidents.import.reading') : t('incidents.import.upload')}
          </button>
        </p>
      </form>
      <ErrorAlert message={errorOf(uploadFile.error)} />
      {report?.status === 'validating' ? <Progress r={report} /> : null}
      {report?.status === 'failed' ? <ErrorAlert message={report.failure} /> : null}
      {report && report.status !== 'validating' && report.status !== 'failed' ? <Report r={report} /> : null}
      {report?.status === 'refused' ? <p className="inc-refused" data-testid="import-refused">{t('incidents.import.refused')}</p> : null}
      {report?.status === 'validated' ? (
        <div className="inc-verify">
          <p>{t('incidents.import.applyExplain', { added: formatNumber(lang, report.added), changed: formatNumber(lang, report.changed) })}</p>
          <button type="button" onClick={() => apply.mutate(report.id)} disabled={apply.isPending} data-testid="import-apply">
            {t('incidents.import.apply')}
          </button>
        </div>
      ) : null}
      <ErrorAlert message={errorOf(apply.error)} />
      <StatusMessage>
        {apply.data ? t('incidents.import.applied', { added: formatNumber(lang, apply.data.added), changed: formatNumber(lang, apply.data.changed), unchanged: formatNumber(lang, apply.data.unchanged) }) : null}
      </StatusMessage>
      {apply.data ? (
        <p>
          <Link to="/observatory/missing-migrants?region=world">{t('incidents.import.seeTable')}</Link>
        </p>
      ) : null}
      <PendingImports current={report?.id ?? null} open={reopen} />
    </>
  );
}
