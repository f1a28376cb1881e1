import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/hooks.ts';
import { statusTone } from './logic.ts';

/** A labelled progress bar; without a known whole it is indeterminate (no aria-valuenow). */
export function ProgressBar({ label, value, text, testId }: { label: string; value: number | null; text?: string; testId?: string }) {
  return (
    <div className="sub-progress" data-testid={testId}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value ?? undefined}
        aria-valuetext={text ?? (value === null ? undefined : `${value} %`)}
        className="sub-progress-track"
      >
        <div className={`sub-progress-fill${value === null ? ' sub-progress-busy' : ''}`} style={{ width: `${value ?? 100}%` }} />
      </div>
      {text ? <p className="sub-progress-text">{text}</p> : null}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge sub-badge sub-badge-${statusTone(status)}`} data-status={status}>
      {t(`submissions.status.${status}`, { defaultValue: status })}
    </span>
  );
}

/**
 * A message the person must notice after acting: focus moves to it (screen readers read it,
 * sighted keyboard users see where they are). `error` is an alert, otherwise a status.
 */
export function Notice({ kind, children, testId }: { kind: 'error' | 'success' | 'info'; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [children]);
  return (
    <div ref={ref} tabIndex={-1} role={kind === 'error' ? 'alert' : 'status'} className={`alert ${kind === 'error' ? 'alert-error' : kind === 'success' ? 'alert-success' : 'sub-info'}`} data-testid={testId}>
      {children}
    </div>
  );
}

/** The signed-in person (or null), for what a page offers. */
export function useUser() {
  const { data } = useSession();
  return data?.user ?? null;
}

export function isSecretariat(role: string | undefined): boolean {
  return role === 'admin' || role === 'secretariat';
}
