import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { del } from '../../api/client.ts';
import { ErrorAlert } from '../../components/Alert.tsx';

/**
 * Deletes a draft after the browser's confirmation (nothing can bring it back; the audit trail keeps
 * what it said), then goes to the workspace, which says what was deleted.
 */
export function DeleteDraft({ practiceId, title }: { practiceId: string; title: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => del(`/api/v1/practices/${practiceId}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['workspace'] });
      void navigate('/workspace', { state: { deleted: title } });
    },
  });
  return (
    <>
      <button
        type="button"
        className="button-danger"
        disabled={remove.isPending}
        onClick={() => {
          if (window.confirm(t('practices.form.deleteConfirm', { title }))) remove.mutate();
        }}
      >
        {t('practices.form.deleteDraft')}
      </button>
      <ErrorAlert message={remove.error?.message} />
    </>
  );
}
