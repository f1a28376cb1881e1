import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCountryName, useLang } from '../../app/hooks.ts';
import { useObjectiveTitle, useOrganisationName, type Action } from './api.ts';
import { formatDay, type ActionStatus } from './logic.ts';

/** A calendar day in the reader's language. */
export function useDay(): (iso: string | null | undefined) => string {
  const lang = useLang();
  return (iso) => formatDay(iso, lang);
}

/** Status as a word with a symbol; colour only adds to it. */
const STATUS_SYMBOL: Record<ActionStatus, string> = { not_started: '○', in_progress: '◐', done: '●', blocked: '■', cancelled: '✕' };
export function StatusBadge({ status }: { status: ActionStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge cm-status cm-status-${status}`} data-status={status}>
      <span aria-hidden="true">{STATUS_SYMBOL[status]} </span>
      {t(`commitments.status.${status}`)}
    </span>
  );
}

export function ActionFlags({ action }: { action: Pick<Action, 'overdue' | 'stale' | 'responsibleCountry' | 'responsibleOrganisation'> }) {
  const { t } = useTranslation();
  return (
    <>
      {action.overdue ? (
        <span className="badge cm-flag cm-overdue" data-flag="overdue">
          <span aria-hidden="true">⚠ </span>
          {t('commitments.flag.overdue')}
        </span>
      ) : null}
      {action.stale ? (
        <span className="badge cm-flag cm-stale" data-flag="stale">
          <span aria-hidden="true">⏸ </span>
          {t('commitments.flag.stale')}
        </span>
      ) : null}
      {!action.responsibleCountry && !action.responsibleOrganisation ? (
        <span className="badge cm-flag cm-no-owner" data-flag="no-owner">
          {t('commitments.flag.noOwner')}
        </span>
      ) : null}
    </>
  );
}

export function PublicBadge({ isPublic }: { isPublic: boolean }) {
  const { t } = useTranslation();
  return <span className={`badge ${isPublic ? 'cm-public' : 'cm-members'}`}>{isPublic ? t('commitments.visibility.public') : t('commitments.visibility.members')}</span>;
}

/** Country or organisation responsible for an action, or "no owner". */
export function Responsible({ action }: { action: Pick<Action, 'responsibleCountry' | 'responsibleOrganisation'> }) {
  const { t } = useTranslation();
  const countryName = useCountryName();
  const orgName = useOrganisationName();
  if (action.responsibleCountry) return <Link to={`/commitments/countries/${action.responsibleCountry}`}>{countryName(action.responsibleCountry)}</Link>;
  if (action.responsibleOrganisation) return <>{orgName(action.responsibleOrganisation)}</>;
  return <>{t('commitments.flag.noOwner')}</>;
}

export function CountryLinks({ codes }: { codes: string[] }) {
  const countryName = useCountryName();
  if (!codes.length) return null;
  return (
    <>
      {codes.map((c, i) => (
        <span key={c}>
          {i > 0 ? ', ' : ''}
          <Link to={`/commitments/countries/${c}`}>{countryName(c)}</Link>
        </span>
      ))}
    </>
  );
}

export function ObjectiveList({ numbers }: { numbers: number[] }) {
  const { t } = useTranslation();
  const title = useObjectiveTitle();
  if (!numbers.length) return null;
  return (
    <ul className="plain cm-objectives">
      {numbers.map((n) => (
        <li key={n}>
          <Link to={`/objectives/${n}`}>{t('commitments.objective', { number: n, title: title(n) })}</Link>
        </li>
      ))}
    </ul>
  );
}

export function Fact({ label, children }: { label: string; children: ReactNode }) {
  if (children === null || children === undefined || children === '' || (Array.isArray(children) && children.length === 0)) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function CommitmentsSubNav() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('commitments.subNav')} className="sub-nav">
      <ul>
        <li>
          <NavLink to="/commitments" end>
            {t('commitments.dashboard.title')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/meetings">{t('commitments.meetings.title')}</NavLink>
        </li>
        <li>
          <NavLink to="/roadmaps">{t('commitments.roadmaps.title')}</NavLink>
        </li>
        <li>
          <NavLink to="/pledges">{t('commitments.pledges.title')}</NavLink>
        </li>
      </ul>
    </nav>
  );
}

/** A date range such as "27 Sept 2023 – 28 Sept 2023", or one day. */
export function DayRange({ start, end }: { start: string | null; end: string | null }) {
  const { t } = useTranslation();
  const day = useDay();
  if (!start && !end) return null;
  if (start && (!end || end === start)) return <>{day(start)}</>;
  return <>{t('commitments.range', { start: start ? day(start) : '…', end: end ? day(end) : '…' })}</>;
}
