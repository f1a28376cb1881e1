import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api/client.ts';
import { TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { useTitle } from '../../app/hooks.ts';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  useTitle(t('forgot.title'));
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await post('/api/v1/auth/password-reset', { email });
      setSent(true);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', t('errors.unexpected')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <h1>{t('forgot.title')}</h1>
      <p>{t('forgot.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label={t('forgot.email')}
          type="email"
          name="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={error?.issueFor('email')}
        />
        <ErrorAlert message={error?.message} />
        <StatusMessage>{sent ? t('forgot.sent') : null}</StatusMessage>
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {t('forgot.submit')}
          </button>
          <Link to="/sign-in">{t('forgot.back')}</Link>
        </div>
      </form>
    </div>
  );
}
