import { useState, type FormEvent } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post } from '../../api/client.ts';
import { QueryState } from '../../components/Loading.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { SelectField } from '../../components/Field.tsx';
import { useFormat, useLang, useSession, useTitle } from '../../app/hooks.ts';
import { pickText, type WorkspaceItem, type Workflow } from './api.ts';
import { ValidationBadge } from './labels.tsx';
import { WorkspaceOffers, WorkspaceOverview } from '../site/workspace/WorkspaceOverview.tsx';

const WORKFLOWS: Workflow[] = ['draft', 'submitted', 'changes_requested', 'published', 'rejected'];
type Decision = 'publish' | 'request_changes' | 'reject';

/** The secretariat's decision on one submitted practice; a comment is required to send back or reject. */
function ReviewForm({ item, title, onDone }: { item: WorkspaceItem; title: string; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const review = useMutation({
    mutationFn: (decision: Decision) => post(`/api/v1/practices/${item.id}/review`, { decision, comment: comment.trim() || null }),
    onSuccess: async (_r, decision) => {
      onDone(t(`practices.workspace.done.${decision}`, { title }));
      await queryClient.invalidateQueries({ queryKey: ['workspace'] });
      await queryClient.invalidateQueries({ queryKey: ['practices'] });
    },
  });
  const decide = (decision: Decision) => (e?: FormEvent) => {
    e?.preventDefault();
    if (decision !== 'publish' && !comment.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    review.mutate(decision);
  };
  const commentId = `comment-${item.id}`;
  const error = missing ? t('practices.workspace.commentRequired') : review.error instanceof ApiError ? (review.error.issueFor('comment') ?? review.error.message) : null;
  return (
    <form className="review-form" onSubmit={decide('request_changes')} aria-label={t('practices.workspace.reviewOf', { title })}>
      <div className={`field${missing ? ' field-invalid' : ''}`}>
        <label htmlFor={commentId}>{t('practices.workspace.comment')}</label>
        <textarea id={commentId} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} aria-invalid={missing || undefined} />
      </div>
      <div className="form-actions">
        <button type="button" onClick={() => decide('publish')()} disabled={review.isPending}>
          {t('practices.workspace.publish')}
        </button>
        <button type="submit" className="button-secondary" disabled={review.isPending}>
          {t('practices.workspace.requestChanges')}
        </button>
        <button type="button" className="button-danger" onClick={() => decide('reject')()} disabled={review.isPending}>
          {t('practices.workspace.reject')}
        </button>
      </div>
      <ErrorAlert message={error} />
    </form>
  );
}

export function WorkspacePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const fmt = useFormat();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  // A draft deleted from its edit page: say so here, where the author lands.
  const deleted = (location.state as { deleted?: string } | null)?.deleted;
  const [message, setMessage] = useState<string | null>(deleted ? t('practices.workspace.deleted', { title: deleted }) : null);
  useTitle(t('practices.workspace.title'));
  const role = session.data?.user?.role;
  const isReviewer = role === 'admin' || role === 'secretariat';
  // The secretariat starts on the review queue; authors see everything of theirs.
  const workflow = params.get('workflow') ?? (isReviewer ? 'submitted' : '');
  const items = useQuery({
    queryKey: ['workspace', workflow],
    queryFn: () => get<{ items: WorkspaceItem[] }>(`/api/v1/workspace/practices${workflow ? `?workflow=${workflow}` : ''}`).then((r) => r.items),
    enabled: !!session.data?.user,
  });

  return (
    <>
      <h1>{t('practices.workspace.title')}</h1>
      <p className="lead">{isReviewer ? t('practices.workspace.introReviewer') : t('practices.workspace.introAuthor')}</p>
      <p>
        <Link className="button" to="/practices/new">
          {t('practices.form.newTitle')}
        </Link>
      </p>
      {/* The other tasks of the role, one click away (issue 21: "send data" was hidden under the observatory's menu). */}
      <nav aria-label={t('practices.workspace.otherTasks')}>
        <ul className="footer-links">
          {role === 'focal_point' || isReviewer ? (
            <li>
              <Link to="/observatory/submit">{t('submissions.nav.submit')}</Link>
            </li>
          ) : null}
          {role === 'focal_point' ? (
            <li>
              <Link to="/indicators/report">{t('indicatorsInput.report.title')}</Link>
            </li>
          ) : null}
          {isReviewer ? (
            <>
              <li>
                <Link to="/indicators/review">{t('indicatorsInput.review.title')}</Link>
              </li>
              <li>
                <Link to="/review">{t('review.nav')}</Link>
              </li>
            </>
          ) : null}
          <li>
            <Link to="/cooperation">{t('cooperation.nav')}</Link>
          </li>
          {/* the missing-persons exchange: focal points and the secretariat manage who holds its capacities */}
          {role === 'focal_point' || role === 'secretariat' ? (
            <li>
              <Link to="/cases/grants">{t('cases.grants.title')}</Link>
            </li>
          ) : null}
        </ul>
      </nav>
      {/* What the person's role asks of them now: a focal point's country data status, their practices and offers (issue 21, item 2). */}
      {session.data?.user ? <WorkspaceOverview /> : null}
      <div className="filters">
        <SelectField
          label={t('practices.workspace.workflowFilter')}
          value={workflow || 'all'}
          onChange={(e) => {
            const next = new URLSearchParams(params);
            next.set('workflow', e.target.value === 'all' ? '' : e.target.value);
            setParams(next);
          }}
        >
          <option value="all">{t('common.any')}</option>
          {WORKFLOWS.map((w) => (
            <option key={w} value={w}>
              {t(`practices.workflow.${w}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <StatusMessage>{message}</StatusMessage>
      <QueryState isLoading={items.isLoading} error={items.error} />
      {items.data ? (
        items.data.length ? (
          <div className="table-wrap">
            <table data-testid="workspace">
              <caption>{t('practices.workspace.caption', { count: items.data.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('practices.field.title')}</th>
                  <th scope="col">{t('practices.workspace.state')}</th>
                  <th scope="col">{t('practices.workspace.updated')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.data.map((it) => {
                  const title = pickText(it.title, lang);
                  return (
                    <tr key={it.id} data-practice={it.id}>
                      <th scope="row">
                        {it.workflow === 'published' ? <Link to={`/practices/${it.slug}`}>{title}</Link> : title}
                        {it.reviewComment && it.workflow !== 'published' ? (
                          <p className="review-note">
                            <strong>{t('practices.form.reviewComment')}:</strong> {it.reviewComment}
                          </p>
                        ) : null}
                      </th>
                      <td>
                        {t(`practices.workflow.${it.workflow}`)} <ValidationBadge validation={it.validation} />
                      </td>
                      <td>{fmt.dateTime(it.updatedAt)}</td>
                      <td>
                        <Link to={`/practices/${it.id}/edit`} aria-label={t('practices.workspace.editOf', { title })}>
                          {t('common.edit')}
                        </Link>
                        {isReviewer && it.workflow === 'submitted' ? <ReviewForm item={it} title={title} onDone={setMessage} /> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('practices.workspace.empty')}</p>
        )
      ) : null}
      {session.data?.user ? <WorkspaceOffers user={session.data.user} /> : null}
    </>
  );
}
