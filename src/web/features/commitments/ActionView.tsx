import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/hooks.ts';
import type { ActionWithProgress, ProgressUpdate } from './api.ts';
import { safeLink } from './logic.ts';
import { ActionFlags, Fact, Responsible, StatusBadge, useDay } from './labels.tsx';

export function EvidenceLink({ url }: { url: string | null }) {
  const { t } = useTranslation();
  const href = safeLink(url);
  if (!url) return null;
  return href ? (
    <a href={href} rel="noopener noreferrer nofollow" className="cm-evidence">
      {t('commitments.update.evidence')}: {url}
    </a>
  ) : (
    <span>{url}</span>
  );
}

export function UpdateList({ actionId, updates }: { actionId: string; updates: ProgressUpdate[] }) {
  const { t } = useTranslation();
  const day = useDay();
  const fmt = useFormat();
  if (!updates.length) return <p className="muted">{t('commitments.update.noneWho')}</p>;
  return (
    <ol className="plain cm-updates">
      {updates.map((u) => (
        <li key={u.id} className="cm-update">
          <p className="cm-small">
            <strong>
              <time dateTime={u.date}>{day(u.date)}</time>
            </strong>
            {u.author ? <span className="muted"> · {u.author}</span> : null}
            {u.status ? (
              <>
                {' · '}
                {t('commitments.update.statusAfter')} <StatusBadge status={u.status} />
              </>
            ) : null}
          </p>
          <p className="cm-update-text">{u.text}</p>
          {u.evidenceUrl ? (
            <p>
              <EvidenceLink url={u.evidenceUrl} />
            </p>
          ) : null}
          {u.evidenceFile ? (
            <p>
              <a href={`/api/v1/actions/${actionId}/evidence/${u.evidenceFile.id}`} download className="cm-evidence">
                {t('commitments.update.evidenceFileLink', { name: u.evidenceFile.filename })}
              </a>{' '}
              <span className="muted">({t('commitments.update.fileSize', { kb: fmt.number(Math.max(1, Math.round(u.evidenceFile.size / 1024))) })})</span>
            </p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** One action as the roadmap page and the timeline show it; `children` adds the forms. */
export function ActionCard({ action, headingLevel = 3, children }: { action: ActionWithProgress; headingLevel?: 3 | 4; children?: ReactNode }) {
  const { t } = useTranslation();
  const day = useDay();
  const H = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <li className={`cm-action${action.overdue ? ' cm-action-overdue' : ''}`} data-action={action.id} data-status={action.status}>
      <H className="cm-action-title">{action.title}</H>
      <p className="cm-badges">
        <StatusBadge status={action.status} /> <ActionFlags action={action} />
      </p>
      <dl className="facts-grid cm-action-facts">
        <Fact label={t('commitments.action.responsible')}>
          <Responsible action={action} />
        </Fact>
        <Fact label={t('commitments.action.dueDate')}>{action.dueDate ? <time dateTime={action.dueDate}>{day(action.dueDate)}</time> : t('commitments.action.noDueDate')}</Fact>
        <Fact label={t('commitments.action.lastUpdate')}>{action.lastUpdate ? day(action.lastUpdate) : t('commitments.update.none')}</Fact>
      </dl>
      {action.practices.length ? (
        <p className="cm-small">
          {t('commitments.action.practices')}:{' '}
          {action.practices.map((p, i) => (
            <span key={p.id}>
              {i > 0 ? ', ' : ''}
              <Link to={`/practices/${p.slug}`}>{p.title}</Link>
            </span>
          ))}
        </p>
      ) : null}
      <details className="cm-progress" open={action.updates.length > 0}>
        <summary>{t('commitments.update.list', { count: action.updates.length })}</summary>
        <UpdateList actionId={action.id} updates={action.updates} />
      </details>
      {children}
    </li>
  );
}
