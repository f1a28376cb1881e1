import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post, setCsrfToken, type LinkInfo, type SignedIn } from '../../api/client.ts';
import { TextField } from '../../components/Field.tsx';
import { ErrorAlert } from '../../components/Alert.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { useCountryName, useFormat, useTitle } from '../../app/hooks.ts';
import { MIN_PASSWORD, NewPasswordFields, useNewPassword } from './NewPasswordFields.tsx';

/**
 * Links this browser has used, with what they said. A used link answers 409, and the page can
 * subscribe to its query again while it is still on screen: the account's language, applied
 * as soon as the new session arrives, can suspend the page (its catalogue loads) and a
 * suspended page drops its query (gcTime 0) and asks anew when it shows again — the 409 in the
 * console after set-up and after accepting an invitation. A used token is never asked again.
 */
const usedLinks = new Map<string, LinkInfo>();

/** Set-up, invitation and password-reset links: choose a password (and create the account) and sign in. */
export function LinkPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const fmt = useFormat();
  const countryName = useCountryName();
  // A link works once: after it is used the server answers 409, so the query must never run again while
  // this page is mounted (no refetch on focus, no re-creation after removal) and is dropped when the page goes.
  const link = useQuery({
    queryKey: ['link', token],
    queryFn: () => get<LinkInfo>(`/api/v1/auth/links/${encodeURIComponent(token)}`),
    retry: false,
    enabled: !usedLinks.has(token),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const newPassword = useNewPassword();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const info = link.data ?? usedLinks.get(token);
  useTitle(info ? t(`link.title.${info.purpose}`) : t('link.invalidTitle'));

  if (!info) {
    return link.isLoading ? (
      <QueryState isLoading error={null} />
    ) : (
      <div className="narrow">
        <h1>{t('link.invalidTitle')}</h1>
        <ErrorAlert message={link.error?.message ?? t('errors.unexpected')} />
        <p>
          <Link to="/sign-in">{t('link.signInLink')}</Link>
        </p>
      </div>
    );
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!newPassword.check()) return;
    setBusy(true);
    try {
      const body: Record<string, string> = { password: newPassword.password };
      if (info.purpose === 'setup') body.email = email;
      if (info.purpose !== 'password_reset' && displayName.trim()) body.displayName = displayName.trim();
      const s = await post<SignedIn>(`/api/v1/auth/links/${encodeURIComponent(token)}`, body);
      usedLinks.set(token, info);
      setCsrfToken(s.csrfToken);
      // Not removeQueries: removing a query that this page still observes makes the observer create it anew
      // and fetch the used link (a 409 in the console); gcTime 0 drops it once the page unmounts.
      await queryClient.invalidateQueries({ queryKey: ['session'] });
      // The first administrator lands on the first-steps checklist, an invited person on their workspace (issue 21).
      void navigate(info.purpose === 'setup' ? '/admin' : info.purpose === 'invitation' ? '/workspace' : '/');
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', t('errors.unexpected')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="narrow">
      <h1>{t(`link.title.${info.purpose}`)}</h1>
      <ul className="plain facts">
        {info.role ? <li>{t('link.roleLine', { role: t(`roles.${info.role}`) })}</li> : null}
        {info.countryCode ? <li>{t('link.countryLine', { country: countryName(info.countryCode) })}</li> : null}
        <li>{t('link.expires', { date: fmt.dateTime(info.expiresAt) })}</li>
      </ul>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {info.purpose === 'setup' ? (
          <TextField
            label={t('link.email')}
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={error?.issueFor('email')}
          />
        ) : (
          <TextField label={t('link.email')} type="email" name="email" autoComplete="username" value={info.email ?? ''} readOnly />
        )}
        {info.purpose !== 'password_reset' ? (
          <TextField
            label={t('link.displayName')}
            name="displayName"
            autoComplete="name"
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
            error={error?.issueFor('displayName')}
          />
        ) : null}
        <NewPasswordFields
          value={newPassword}
          labels={{ password: t('link.password'), confirm: t('link.confirm') }}
          names={{ password: 'password', confirm: 'confirm' }}
          serverError={error?.issueFor('password')}
          minLength={MIN_PASSWORD}
        />
        <ErrorAlert message={error?.message} />
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {t('link.submit')}
          </button>
        </div>
      </form>
    </div>
  );
}
