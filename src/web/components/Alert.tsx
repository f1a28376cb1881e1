import type { ReactNode } from 'react';

/**
 * Live regions. The container is always rendered so that screen readers, which watch
 * regions that already exist, announce the message when it appears.
 */
export function ErrorAlert({ message }: { message?: string | null | undefined }) {
  return (
    <div role="alert" className={message ? 'alert alert-error' : 'alert-empty'}>
      {message ?? null}
    </div>
  );
}

export function StatusMessage({ children }: { children?: ReactNode }) {
  return (
    <div role="status" className={children ? 'alert alert-success' : 'alert-empty'}>
      {children ?? null}
    </div>
  );
}
