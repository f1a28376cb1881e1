import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { useFormat, useSession, useTitle } from '../../app/hooks.ts';
import { REPORT_WRITERS, reportUrl, useReport, useSaveText, type ReportDetail } from './api.ts';

/** One section's own text: the latest version in an editor, saved as a new draft or final version. */
function SectionEditor({ report, section }: { report: ReportDetail; section: { key: string; title: string } }) {
  const { t } = useTranslation();
  const f = useFormat();
  const versions = report.texts.filter((x) => x.section === section.key);
  const latest = versions.at(-1);
  const [body, setBody] = useState(latest?.body ?? '');
  const [saved, setSaved] = useState<string | null>(null);
  const save = useSaveText(report.id);
  const submit = (status: 'draft' | 'final') => (e?: FormEvent) => {
    e?.preventDefault();
    setSaved(null);
    save.mutate({ section: section.key, body, status }, { onSuccess: (r) => setSaved(t(status === 'final' ? 'review.text.savedFinal' : 'review.text.savedDraft', { version: r.version })) });
  };
  const id = `rv-text-${section.key}`;
  // The summary, and every section that already has a text, open; the others fold, so the
  // page stays short for the 25 sections of a full report.
  return (
    <details className="rv-section" open={section.key === 'summary' || latest !== undefined}>
      <summary>
        <strong>{section.title}</strong>
        {latest ? ` — ${t(`review.text.status.${latest.status}`)} (${latest.version})` : ''}
      </summary>
      <form onSubmit={submit('draft')} data-testid={`section-${section.key}`}>
        <p className="hint">
          {latest ? t('review.text.latest', { version: latest.version, status: t(`review.text.status.${latest.status}`), author: latest.author, date: f.dateTime(latest.createdAt) }) : t('review.text.noneYet')}
        </p>
        <label htmlFor={id}>{t('review.text.label')}</label>
        <textarea id={id} value={body} maxLength={20_000} onChange={(e) => setBody(e.target.value)} />
        <ErrorAlert message={save.error instanceof ApiError ? save.error.message : save.error ? t('errors.unexpected') : null} />
        <StatusMessage>{saved}</StatusMessage>
        <div className="form-actions">
          <button type="submit" disabled={save.isPending}>
            {t('review.text.saveDraft')}
          </button>
          <button type="button" className="button-secondary" disabled={save.isPending} onClick={() => submit('final')()}>
            {t('review.text.saveFinal')}
          </button>
        </div>
      </form>
    </details>
  );
}

export function ReportPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const user = useSession().data?.user;
  const report = useReport(id);
  useTitle(report.data?.title ?? t('review.title'));
  if (!report.data) return <QueryState isLoading={report.isLoading} error={report.error} />;
  const r = report.data;
  const writer = !!user && REPORT_WRITERS.has(user.role);
  return (
    <>
      <p>
        <Link to="/review">{t('review.back')}</Link>
      </p>
      <h1>{r.title}</h1>
      <p className="lead">
        {t('review.facts', { from: r.from, to: r.to, asOf: f.date(r.asOf), lang: t(`review.lang.${r.language}`), scope: r.countryScope === 'some' ? r.countries.join(', ') : t(`review.scope.${r.countryScope}`) })}
      </p>
      <h2>{t('review.download')}</h2>
      <ul className="plain rv-downloads">
        <li>
          <a href={reportUrl(r.id, 'pdf', false)} download data-testid="download-pdf">
            {t('review.pdf')}
          </a>
        </li>
        <li>
          <a href={reportUrl(r.id, 'html', false)} target="_blank" rel="noopener" data-testid="open-html">
            {t('review.html')}
          </a>
        </li>
        {writer ? (
          <>
            <li>
              <a href={reportUrl(r.id, 'html', true)} target="_blank" rel="noopener">
                {t('review.previewHtml')}
              </a>
            </li>
            <li>
              <a href={reportUrl(r.id, 'pdf', true)} download>
                {t('review.previewPdf')}
              </a>
            </li>
          </>
        ) : null}
      </ul>
      <h2>{t('review.summary')}</h2>
      <dl className="rv-figures" data-testid="review-summary">
        {r.summary.map((x) => (
          <div key={x.label} style={{ display: 'contents' }}>
            <dt>{x.label}</dt>
            <dd>{x.value}</dd>
          </div>
        ))}
      </dl>
      <h2>{writer ? t('review.text.title') : t('review.text.titleReader')}</h2>
      {writer ? (
        <>
          <p className="hint">{t('review.text.intro')}</p>
          {r.sections.map((s) => (
            <SectionEditor key={s.key} report={r} section={s} />
          ))}
        </>
      ) : (
        <ul>
          {r.sections.map((s) => (
            <li key={s.key}>{s.title}</li>
          ))}
        </ul>
      )}
    </>
  );
}
