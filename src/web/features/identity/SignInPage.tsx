import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post, setCsrfToken, type SignedIn } from '../../api/client.ts';
import { TextField } from '../../components/Field.tsx';
import { ErrorAlert } from '../../components/Alert.tsx';
import { useSession, useTitle } from '../../app/hooks.ts';

const SSO_ERRORS = ['unavailable', 'expired', 'rejected', 'no_verified_email', 'no_account', 'disabled'];

/** Only paths inside this site: never an open redirect. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export function SignInPage() {
  const { t } = useTranslation();
  useTitle(t('signIn.title'));
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const ssoError = params.get('sso_error');
  const ssoMessage = ssoError ? t(`signIn.ssoError.${SSO_ERRORS.includes(ssoError) ? ssoError : 'other'}`) : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await post<SignedIn>('/api/v1/auth/sign-in', { email, password });
      setCsrfToken(s.csrfToken);
      await queryClient.invalidateQueries({ queryKey: ['session'] });
      // Focal points and contributors land on their workspace (their country's data status, their practices; issue 21).
      const home = s.user.role === 'focal_point' || s.user.role === 'contributor' ? '/workspace' : '/';
      void navigate(params.get('next') ? safeNext(params.get('next')) : home);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', t('errors.unexpected')));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  const sso = session.data?.sso;
  return (
    <div className="narrow">
      <h1>{t('signIn.title')}</h1>
      {ssoMessage ? <p className="alert alert-error">{ssoMessage}</p> : null}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <TextField
          label={t('signIn.email')}
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={error?.issueFor('email')}
        />
        <TextField
          label={t('signIn.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={error?.issueFor('password')}
        />
        <ErrorAlert message={error?.message} />
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {busy ? t('signIn.submitting') : t('signIn.submit')}
          </button>
          <Link to="/forgot-password">{t('signIn.forgot')}</Link>
        </div>
      </form>
      {sso?.enabled ? (
        <div className="sso">
          <p>{t('signIn.or')}</p>
          <a className="button button-secondary" href="/api/v1/auth/oidc/start">
            {t('signIn.sso', { label: sso.label })}
          </a>
        </div>
      ) : null}
    </div>
  );
}
