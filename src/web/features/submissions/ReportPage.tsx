import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client.ts';
import { QueryState } from '../../components/Loading.tsx';
import { useCountryName, useFormat, useLang, useTitle } from '../../app/hooks.ts';
import { ObservatoryNav } from '../explore/ObservatoryNav.tsx';
import { errorText, useReview, useSubmission, type DiffExample, type ReportMessage, type SubmissionDiff, type SubmissionReport } from './api.ts';
import { canConfirm, keyText, percent } from './logic.ts';
import { isSecretariat, Notice, ProgressBar, StatusBadge, useUser } from './Parts.tsx';

/** `/observatory/submissions/:id`: progress while validating, then the report, the diff, confirm, and the secretariat's review. */
export function ReportPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  useTitle(t('submissions.report.title'));
  const q = useSubmission(id);
  const r = q.data;
  return (
    <>
      <ObservatoryNav />
      <p className="sub-back">
        <Link to="/observatory/submissions">{t('submissions.report.back')}</Link>
      </p>
      <h1>{t('submissions.report.title')}</h1>
      {r ? <Report r={r} /> : <QueryState isLoading={q.isLoading} error={q.error} />}
    </>
  );
}

function Report({ r }: { r: SubmissionReport }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const lang = useLang();
  const countryName = useCountryName();
  const location = useLocation();
  const user = useUser();
  const queryClient = useQueryClient();
  // just sent from the submit page: focus goes to this line, then to the report below it
  const [notice, setNotice] = useState<{ kind: 'error' | 'success'; text: string } | null>(
    (location.state as { sent?: boolean } | null)?.sent ? { kind: 'success', text: t('submissions.report.sentNotice', { name: r.fileName }) } : null,
  );
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['submission', r.id] });
    await queryClient.invalidateQueries({ queryKey: ['submissions'] });
  };
  const apply = useMutation({
    mutationFn: () => post<SubmissionReport>(`/api/v1/submissions/${r.id}/apply`),
    onSuccess: async (next) => {
      setNotice({ kind: 'success', text: next.status === 'applied' ? t('submissions.report.appliedNow') : t('submissions.report.submittedNow') });
      await refresh();
    },
    onError: (err) => setNotice({ kind: 'error', text: errorText(err) ?? t('errors.unexpected') }),
  });
  const approve = useMutation({
    mutationFn: () => post<SubmissionReport>(`/api/v1/submissions/${r.id}/approve`),
    onSuccess: async () => {
      setNotice({ kind: 'success', text: t('submissions.review.approved') });
      await refresh();
    },
    onError: (err) => setNotice({ kind: 'error', text: errorText(err) ?? t('errors.unexpected') }),
  });

  const validating = r.status === 'validating';
  const p = r.progress;
  const bytesPct = percent(p.bytesRead, p.bytesTotal);
  const mayReview = isSecretariat(user?.role) && r.status === 'submitted';
  const reviewComment = useReview(r)?.comment;

  return (
    <div data-testid="report" data-status={r.status}>
      <dl className="facts-grid sub-facts">
        <dt>{t('submissions.report.status')}</dt>
        <dd>
          <StatusBadge status={r.status} /> <span className="sub-status-help">{t(`submissions.statusHelp.${r.status}`, { defaultValue: '' })}</span>
        </dd>
        <dt>{t('submissions.report.file')}</dt>
        <dd>{r.fileName}</dd>
        {r.country ? (
          <>
            <dt>{t('submissions.report.country')}</dt>
            <dd>{countryName(r.country)}</dd>
          </>
        ) : null}
        <dt>{t('submissions.report.dataflow')}</dt>
        <dd>{r.dataflow}</dd>
        <dt>{t('submissions.report.mode')}</dt>
        <dd>{t(`submissions.mode.${r.mode}`)}</dd>
        <dt>{t('submissions.report.rows')}</dt>
        <dd data-testid="report-rows">{fmt.number(r.rows)}</dd>
        <dt>{t('submissions.report.errors')}</dt>
        <dd data-testid="report-errors">{fmt.number(r.errorCount)}</dd>
        <dt>{t('submissions.report.warnings')}</dt>
        <dd data-testid="report-warnings">{fmt.number(r.warningCount)}</dd>
        <dt>{t('submissions.report.received')}</dt>
        <dd>{fmt.dateTime(r.createdAt)}</dd>
        {r.submittedAt ? (
          <>
            <dt>{t('submissions.report.submittedAt')}</dt>
            <dd>{fmt.dateTime(r.submittedAt)}</dd>
          </>
        ) : null}
        {r.appliedAt ? (
          <>
            <dt>{t('submissions.report.appliedAt')}</dt>
            <dd>{fmt.dateTime(r.appliedAt)}</dd>
          </>
        ) : null}
      </dl>

      {validating ? (
        <section aria-labelledby="sub-progress" className="panel">
          <h2 id="sub-progress">{t('submissions.progress.title')}</h2>
          <ProgressBar
            label={t('submissions.progress.validation')}
            value={bytesPct}
            text={t('submissions.progress.text', {
              phase: t(`submissions.phase.${p.phase}`, { defaultValue: p.phase }),
              read: fmt.number(Math.round(p.bytesRead / 1024)),
              total: fmt.number(Math.round(p.bytesTotal / 1024)),
              rows: fmt.number(p.rowsRead),
              valid: fmt.number(p.rowsValid),
            })}
            testId="validation-progress"
          />
          <p className="hint">{t('submissions.progress.hint')}</p>
        </section>
      ) : null}
      {r.status === 'failed' ? <Notice kind="error">{p.failure ?? t('submissions.statusHelp.failed')}</Notice> : null}
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {reviewComment && (r.status === 'returned' || r.status === 'applied' || r.status === 'submitted') ? (
        <section aria-labelledby="sub-review-comment" className="sub-review-comment" data-testid="review-comment">
          <h2 id="sub-review-comment">{t('submissions.review.commentTitle')}</h2>
          <blockquote>{reviewComment}</blockquote>
        </section>
      ) : null}

      {!validating && r.status !== 'failed' ? (
        <section aria-labelledby="sub-next" className="panel">
          <h2 id="sub-next">{t('submissions.report.nextTitle')}</h2>
          <p>
            <a href={`/api/v1/submissions/${r.id}/report.csv?lang=${lang}`} download data-testid="report-csv">
              {t('submissions.report.downloadCsv')}
            </a>
            <span className="hint"> {t('submissions.report.downloadCsvHint')}</span>
          </p>
          {canConfirm(r) ? (
            <>
              <p>{t(r.mode === 'replace' ? 'submissions.report.confirmReplace' : 'submissions.report.confirmMerge')}</p>
              <p className="form-actions">
                <button type="button" onClick={() => apply.mutate()} disabled={apply.isPending} data-testid="confirm">
                  {t('submissions.report.confirm')}
                </button>
              </p>
            </>
          ) : r.errorCount > 0 ? (
            <p className="sub-blocked" data-testid="no-confirm">
              {t('submissions.report.cannotConfirm', { count: r.errorCount })} <Link to="/observatory/submit">{t('submissions.report.sendAgain')}</Link>
            </p>
          ) : r.status === 'submitted' ? (
            <p data-testid="awaiting">{t('submissions.report.awaiting')}</p>
          ) : r.status === 'applied' ? (
            <p data-testid="applied">{t('submissions.report.applied', { date: fmt.dateTime(r.appliedAt) })}</p>
          ) : r.status === 'returned' ? (
            <p>
              {t('submissions.report.returned')} <Link to="/observatory/submit">{t('submissions.report.sendAgain')}</Link>
            </p>
          ) : null}
          {mayReview ? (
            <ReviewPanel id={r.id} onApprove={() => approve.mutate()} approving={approve.isPending} onDone={(text) => void refresh().then(() => setNotice({ kind: 'success', text }))} onError={(text) => setNotice({ kind: 'error', text })} />
          ) : null}
        </section>
      ) : null}

      {!validating ? <Messages title={t('submissions.report.errorsTitle', { count: r.errorCount })} list={r.errors} total={r.errorCount} testId="report-error-table" /> : null}
      {!validating ? <Messages title={t('submissions.report.warningsTitle', { count: r.warningCount })} list={r.warnings} total={r.warningCount} testId="report-warning-table" /> : null}
      {!validating ? <Messages title={t('submissions.report.infosTitle', { count: r.infoCount })} list={r.infos} total={r.infoCount} testId="report-info-table" /> : null}
      {r.diff ? <Diff diff={r.diff} applied={r.status === 'applied'} /> : null}
    </div>
  );
}

function ReviewPanel({ id, onApprove, approving, onDone, onError }: { id: string; onApprove: () => void; approving: boolean; onDone: (text: string) => void; onError: (text: string) => void }) {
  const { t } = useTranslation();
  const commentId = useId();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const ret = useMutation({
    mutationFn: (c: string) => post<SubmissionReport>(`/api/v1/submissions/${id}/return`, { comment: c }),
    onSuccess: () => onDone(t('submissions.review.returnedDone')),
    onError: (err) => onError(errorText(err) ?? t('errors.unexpected')),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!comment.trim()) {
      setMissing(true);
      document.getElementById(commentId)?.focus();
      return;
    }
    setMissing(false);
    ret.mutate(comment.trim());
  };
  return (
    <div className="sub-review" data-testid="review">
      <h3>{t('submissions.review.title')}</h3>
      <p>{t('submissions.review.intro')}</p>
      <p className="form-actions">
        <button type="button" onClick={onApprove} disabled={approving} data-testid="approve">
          {t('submissions.review.approve')}
        </button>
      </p>
      <form onSubmit={submit} noValidate>
        <div className={`field${missing ? ' field-invalid' : ''}`}>
          <label htmlFor={commentId}>
            {t('submissions.review.comment')} <span className="hint">{t('common.required')}</span>
          </label>
          <textarea
            id={commentId}
            rows={3}
            value={comment}
            maxLength={2000}
            required
            aria-invalid={missing || undefined}
            aria-describedby={missing ? `${commentId}-error` : undefined}
            onChange={(e) => setComment(e.target.value)}
          />
          {missing ? (
            <p className="field-error" id={`${commentId}-error`}>
              {t('submissions.review.commentRequired')}
            </p>
          ) : null}
        </div>
        <p className="form-actions">
          <button type="submit" className="button-secondary" disabled={ret.isPending} data-testid="return">
            {t('submissions.review.return')}
          </button>
        </p>
      </form>
    </div>
  );
}

function Messages({ title, list, total, testId }: { title: string; list: ReportMessage[]; total: number; testId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (total === 0) return null;
  return (
    <section className="sub-messages">
      <div className="table-wrap">
        <table data-testid={testId}>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('submissions.report.row')}</th>
              <th scope="col">{t('submissions.report.column')}</th>
              <th scope="col">{t('submissions.report.value')}</th>
              <th scope="col">{t('submissions.report.message')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((m, i) => (
              <tr key={i}>
                <th scope="row">{m.row === null ? t('submissions.report.wholeFile') : fmt.number(m.row)}</th>
                <td>{m.column ?? t('common.none')}</td>
                <td>{m.value === null || m.value === '' ? t('common.none') : <code>{m.value}</code>}</td>
                <td>{m.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.length < total ? <p className="hint">{t('submissions.report.capped', { shown: fmt.number(list.length), total: fmt.number(total) })}</p> : null}
    </section>
  );
}

function Diff({ diff, applied }: { diff: SubmissionDiff; applied: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const kinds = ['added', 'changed', 'unchanged', 'removed'] as const;
  return (
    <section aria-labelledby="sub-diff" data-testid="diff">
      <h2 id="sub-diff">{t(applied ? 'submissions.diff.titleApplied' : 'submissions.diff.title')}</h2>
      <p>{t(`submissions.diff.intro.${diff.mode}`)}</p>
      <div className="table-wrap">
        <table className="sub-diff-counts">
          <caption>{t('submissions.diff.countsCaption')}</caption>
          <thead>
            <tr>
              {kinds.map((k) => (
                <th key={k} scope="col" className="num">
                  {t(`submissions.diff.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {kinds.map((k) => (
                <td key={k} className="num" data-kind={k}>
                  {fmt.number(diff[k])}
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      {(['added', 'changed', 'removed'] as const).map((k) => (diff.examples[k].length ? <Examples key={k} kind={k} list={diff.examples[k]} /> : null))}
    </section>
  );
}

function Examples({ kind, list }: { kind: 'added' | 'changed' | 'removed'; list: DiffExample[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const n = (v: number | null) => (v === null ? t('common.none') : fmt.number(v));
  return (
    <div className="table-wrap">
      <table data-testid={`diff-${kind}`}>
        <caption>{t(`submissions.diff.examples.${kind}`, { count: list.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('submissions.report.row')}</th>
            <th scope="col">{t('submissions.diff.key')}</th>
            <th scope="col" className="num">
              {t('submissions.diff.before')}
            </th>
            <th scope="col" className="num">
              {t('submissions.diff.after')}
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((e, i) => (
            <tr key={i}>
              <th scope="row">{e.row === null ? t('common.none') : fmt.number(e.row)}</th>
              <td>
                <code>{keyText(e.key)}</code>
              </td>
              <td className="num">{n(e.before)}</td>
              <td className="num">{n(e.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
