import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client.ts';
import { ErrorAlert } from './Alert.tsx';

/** What a page shows while its data loads, or when loading failed. */
export function QueryState({ isLoading, error }: { isLoading: boolean; error: ApiError | Error | null }) {
  const { t } = useTranslation();
  if (error) return <ErrorAlert message={error.message || t('errors.unexpected')} />;
  if (isLoading) return <p className="loading" role="status">{t('common.loading')}</p>;
  return null;
}
