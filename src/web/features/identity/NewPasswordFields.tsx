import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/Field.tsx';

/** The server's minimum too (identity's MIN_PASSWORD_LENGTH); checked here first so no round trip is needed. */
export const MIN_PASSWORD = 10;

interface Problems {
  password?: string;
  confirm?: string;
}

/** A new password typed twice (link page, account page): the two values and the checks made before sending. */
export function useNewPassword() {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  /** Shows what is wrong on the fields; true when the password may be sent. */
  const check = () => {
    const found: Problems = {};
    if (password.length < MIN_PASSWORD) found.password = t('errors.passwordShort', { min: MIN_PASSWORD });
    if (password !== confirm) found.confirm = t('errors.passwordMismatch');
    setProblems(found);
    return !found.password && !found.confirm;
  };
  const clear = () => {
    setPassword('');
    setConfirm('');
  };
  return { password, confirm, setPassword, setConfirm, problems, check, clear };
}

/**
 * The two fields of `useNewPassword`; the first names the minimum length in its hint. Each page keeps
 * its own labels and field names (the server expects `password` on links, `newPassword` on the account).
 */
export function NewPasswordFields(props: {
  value: ReturnType<typeof useNewPassword>;
  labels: { password: string; confirm: string };
  names: { password: string; confirm: string };
  /** The server's message for the new password, shown when the browser's own check passed. */
  serverError?: string | undefined;
  minLength?: number;
}) {
  const { t } = useTranslation();
  const { value } = props;
  return (
    <>
      <TextField
        label={props.labels.password}
        hint={t('link.passwordHint', { min: MIN_PASSWORD })}
        type="password"
        name={props.names.password}
        autoComplete="new-password"
        required
        minLength={props.minLength}
        value={value.password}
        onChange={(e) => value.setPassword(e.target.value)}
        error={value.problems.password ?? props.serverError}
      />
      <TextField
        label={props.labels.confirm}
        type="password"
        name={props.names.confirm}
        autoComplete="new-password"
        required
        value={value.confirm}
        onChange={(e) => value.setConfirm(e.target.value)}
        error={value.problems.confirm}
      />
    </>
  );
}
