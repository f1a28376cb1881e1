import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, del, get, patch, post, type ApiToken, type Locale, type Me, type Session } from '../../api/client.ts';
import type { NewApiToken } from '../../../shared/contracts/identity.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { LocaleOptions } from '../../components/LocaleOptions.tsx';
import { DataTable } from '../../components/DataTable.tsx';
import { useFormat, useSession, useTitle } from '../../app/hooks.ts';
import { isLocale, rememberLocale } from '../../i18n.ts';
import { NewPasswordFields, useNewPassword } from './NewPasswordFields.tsx';
import { RevokeButton } from './RevokeButton.tsx';

function asApiError(err: unknown): ApiError | null {
  return err instanceof ApiError ? err : err ? new ApiError(0, 'unexpected', String((err as Error).message ?? '')) : null;
}

function ProfileForm({ me, saved, onSaved }: { me: Me; saved: boolean; onSaved: (v: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [displayName, setDisplayName] = useState(me.displayName);
  const [locale, setLocale] = useState<Locale>(isLocale(me.locale) ? me.locale : 'es');
  const save = useMutation({
    mutationFn: () => patch<Me>('/api/v1/account', { displayName, locale }),
    onMutate: () => onSaved(false),
    onSuccess: async (updated) => {
      onSaved(true);
      queryClient.setQueryData<Session>(['session'], (s) => (s ? { ...s, user: updated } : s));
      if (isLocale(updated.locale) && updated.locale !== i18n.language) {
        rememberLocale(updated.locale);
        await i18n.changeLanguage(updated.locale);
      }
    },
  });
  const error = asApiError(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <section aria-labelledby="profile-title" className="panel">
      <h2 id="profile-title">{t('account.profile')}</h2>
      <dl className="facts-grid">
        <dt>{t('account.email')}</dt>
        <dd>{me.email}</dd>
        <dt>{t('account.role')}</dt>
        <dd>{t(`roles.${me.role}`)}</dd>
      </dl>
      <form onSubmit={submit} noValidate>
        <TextField
          label={t('account.displayName')}
          name="displayName"
          autoComplete="name"
          value={displayName}
          onChange={(e) => setDisplayName(e.target.value)}
          error={error?.issueFor('displayName')}
        />
        <SelectField label={t('account.language')} name="locale" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
          <LocaleOptions />
        </SelectField>
        <ErrorAlert message={error?.message} />
        <StatusMessage>{saved ? t('common.saved') : null}</StatusMessage>
        <div className="form-actions">
          <button type="submit" disabled={save.isPending}>
            {t('account.saveProfile')}
          </button>
        </div>
      </form>
    </section>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const next = useNewPassword();
  const change = useMutation({
    mutationFn: () => post<void>('/api/v1/account/password', { currentPassword: current, newPassword: next.password }),
    onSuccess: () => {
      setCurrent('');
      next.clear();
    },
  });
  const error = asApiError(change.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (next.check()) change.mutate();
  };
  return (
    <section aria-labelledby="password-title" className="panel">
      <h2 id="password-title">{t('account.password')}</h2>
      <form onSubmit={submit} noValidate>
        <TextField
          label={t('account.currentPassword')}
          type="password"
          name="currentPassword"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          error={error?.issueFor('currentPassword')}
        />
        <NewPasswordFields
          value={next}
          labels={{ password: t('account.newPassword'), confirm: t('account.confirmPassword') }}
          names={{ password: 'newPassword', confirm: 'confirmPassword' }}
          serverError={error?.issueFor('newPassword') ?? error?.issueFor('password')}
        />
        <ErrorAlert message={error?.message} />
        <StatusMessage>{change.isSuccess ? t('account.passwordChanged') : null}</StatusMessage>
        <div className="form-actions">
          <button type="submit" disabled={change.isPending}>
            {t('account.changePassword')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Tokens() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: ['tokens'], queryFn: () => get<{ items: ApiToken[] }>('/api/v1/account/tokens').then((r) => r.items) });
  const [name, setName] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => post<NewApiToken>('/api/v1/account/tokens', { name }),
    onSuccess: async () => {
      setName('');
      setStatus(null);
      await queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => del(`/api/v1/account/tokens/${id}`),
    onSuccess: async () => {
      setStatus(t('account.revoked'));
      await queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const createError = asApiError(create.error);
  const created = create.data;
  return (
    <section aria-labelledby="tokens-title" className="panel">
      <h2 id="tokens-title">{t('account.tokens')}</h2>
      <p>{t('account.tokensIntro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
        noValidate
        className="inline-form"
      >
        <TextField label={t('account.tokenName')} name="tokenName" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} error={createError?.issueFor('name')} />
        <div className="form-actions">
          <button type="submit" disabled={create.isPending}>
            {t('account.createToken')}
          </button>
        </div>
      </form>
      <ErrorAlert message={createError?.message ?? asApiError(revoke.error)?.message} />
      {created ? (
        <div className="secret">
          <p role="status">
            <strong>{t('account.tokenCreated', { name: created.name })}</strong> {t('account.tokenWarning')}
          </p>
          <p className="secret-value">
            <code aria-label={t('account.tokenValue')} data-testid="new-token">
              {created.token}
            </code>{' '}
            <CopyButton value={created.token} />
          </p>
        </div>
      ) : null}
      <StatusMessage>{status}</StatusMessage>
      <QueryState isLoading={tokens.isLoading} error={tokens.error} />
      <DataTable
        caption={t('account.tokensCaption')}
        columns={[t('account.colName'), t('account.colPrefix'), t('account.colCreated'), t('account.colLastUsed'), t('account.colStatus'), t('common.actions')]}
        rows={tokens.data}
        rowKey={(tok) => tok.id}
        empty={t('account.noTokens')}
        cells={(tok) => (
          <>
            <th scope="row">{tok.name}</th>
            <td>
              <code>{tok.prefix}…</code>
            </td>
            <td>{fmt.dateTime(tok.createdAt)}</td>
            <td>{tok.lastUsedAt ? fmt.dateTime(tok.lastUsedAt) : t('account.never')}</td>
            <td>{tok.revokedAt ? t('account.revokedOn', { date: fmt.dateTime(tok.revokedAt) }) : t('account.active')}</td>
            <td>
              {tok.revokedAt ? null : (
                <RevokeButton label={t('account.revokeLabel', { name: tok.name })} text={t('account.revoke')} pending={revoke.isPending} onRevoke={() => revoke.mutate(tok.id)} />
              )}
            </td>
          </>
        )}
      />
    </section>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  useTitle(t('account.title'));
  const session = useSession();
  const me = session.data?.user;
  const [saved, setSaved] = useState(false);
  if (!me) return null;
  return (
    <>
      <h1>{t('account.title')}</h1>
      {/* A fresh form when the language is switched in the header. */}
      <ProfileForm key={me.locale} me={me} saved={saved} onSaved={setSaved} />
      <PasswordForm />
      <Tokens />
    </>
  );
}
