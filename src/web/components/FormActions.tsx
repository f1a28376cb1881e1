import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { ErrorAlert } from './Alert.tsx';

/**
 * The end of a save form (mostly in an edit dialog): why saving failed (the server's message, else a
 * generic one), then the save button and, with `onCancel`, a cancel button.
 */
export function SaveActions(props: { error: Error | null; pending: boolean; submitText?: string; onCancel?: (() => void) | undefined }) {
  const { t } = useTranslation();
  const { error } = props;
  return (
    <>
      <ErrorAlert message={error instanceof ApiError ? error.message : error ? t('errors.unexpected') : null} />
      <div className="form-actions">
        <button type="submit" disabled={props.pending}>
          {props.submitText ?? t('common.save')}
        </button>
        {props.onCancel ? (
          <button type="button" className="button-secondary" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
    </>
  );
}
