import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, patch, post, upload } from '../../api/client.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import type { ActionWithProgress } from './api.ts';
import { ACTION_STATUSES, evidenceFileProblem, isHttpUrl, localized, MAX_EVIDENCE_MB, todayIso, type ActionStatus } from './logic.ts';
import { fieldError, FileInput, TextArea, useCountryOptions, useOrganisationOptions } from './FormParts.tsx';

const useRefresh = () => {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['commitments'] });
};

function StatusOptions({ withKeep }: { withKeep?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {withKeep ? <option value="">{t('commitments.update.keepStatus')}</option> : null}
      {ACTION_STATUSES.map((s) => (
        <option key={s} value={s}>
          {t(`commitments.status.${s}`)}
        </option>
      ))}
    </>
  );
}

/** Secretariat: add an action, or change one (title, owner, due date, status). */
export function ActionForm({ roadmapId, action, onDone }: { roadmapId: string; action?: ActionWithProgress; onDone?: () => void }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const countries = useCountryOptions();
  const orgs = useOrganisationOptions();
  const [title, setTitle] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [country, setCountry] = useState(action?.responsibleCountry ?? '');
  const [org, setOrg] = useState(action?.responsibleOrganisation ?? '');
  const [due, setDue] = useState(action?.dueDate ?? '');
  const [status, setStatus] = useState<ActionStatus>(action?.status ?? 'not_started');
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (action ? patch(`/api/v1/roadmaps/${roadmapId}/actions/${action.id}`, body) : post(`/api/v1/roadmaps/${roadmapId}/actions`, body)),
    onSuccess: async () => {
      await refresh();
      if (!action) {
        setTitle('');
        setTitleEn('');
        setCountry('');
        setOrg('');
        setDue('');
        setStatus('not_started');
      }
      onDone?.();
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!action && !title.trim() && !titleEn.trim()) problems.title = t('commitments.form.titleRequired');
    if (country && org) problems.responsibleOrganisation = t('commitments.form.oneOwner');
    setLocal(problems);
    if (Object.keys(problems).length) return;
    save.mutate({
      // An edit changes owner, date and status; the title's translations stay as written.
      ...(action ? {} : { title: localized(title, titleEn) }),
      responsibleCountry: country || null,
      responsibleOrganisation: org || null,
      dueDate: due || null,
      status,
    });
  };
  return (
    <form className="cm-action-form" onSubmit={submit} noValidate aria-label={action ? t('commitments.action.editLabel', { title: action.title }) : t('commitments.action.add')}>
      <ErrorAlert message={Object.keys(local).length || err?.issues.length ? t('commitments.form.checkFields') : err?.message} />
      <div className="two-cols">
        {action ? null : (
          <>
            <TextField label={t('commitments.form.titleEs')} value={title} onChange={(e) => setTitle(e.target.value)} error={fieldError(err, 'title', local.title)} maxLength={500} />
            <TextField label={t('commitments.form.titleEn')} value={titleEn} onChange={(e) => setTitleEn(e.target.value)} maxLength={500} />
          </>
        )}
        <SelectField label={t('commitments.action.responsibleCountry')} value={country} onChange={(e) => setCountry(e.target.value)} error={fieldError(err, 'responsibleCountry')}>
          <option value="">{t('commitments.action.noCountry')}</option>
          {countries.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('commitments.action.responsibleOrganisation')} value={org} onChange={(e) => setOrg(e.target.value)} error={fieldError(err, 'responsibleOrganisation', local.responsibleOrganisation)}>
          <option value="">{t('commitments.action.noOrganisation')}</option>
          {orgs.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </SelectField>
        <TextField label={t('commitments.action.dueDate')} type="date" value={due} onChange={(e) => setDue(e.target.value)} error={fieldError(err, 'dueDate')} />
        <SelectField label={t('commitments.action.status')} value={status} onChange={(e) => setStatus(e.target.value as ActionStatus)} error={fieldError(err, 'status')}>
          <StatusOptions />
        </SelectField>
      </div>
      <p className="form-actions">
        <button type="submit" disabled={save.isPending}>
          {action ? t('common.save') : t('commitments.action.add')}
        </button>
      </p>
      <StatusMessage>{save.isSuccess && !action ? t('commitments.action.added') : null}</StatusMessage>
    </form>
  );
}

/** Owners (and the secretariat): report progress — text, date, evidence link, optional new status. */
export function UpdateForm({ action, headless = false }: { action: ActionWithProgress; headless?: boolean }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const [text, setText] = useState('');
  const [date, setDate] = useState(todayIso());
  const [evidence, setEvidence] = useState('');
  const [status, setStatus] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const fileRef = useRef<HTMLInputElement>(null);
  const save = useMutation({
    // A file goes first: if it is refused, no update is written.
    mutationFn: async (body: Record<string, unknown>) => {
      const file = fileRef.current?.files?.[0];
      let evidenceFile: string | null = null;
      if (file) {
        const form = new FormData();
        form.append('file', file);
        evidenceFile = (await upload<{ id: string }>(`/api/v1/actions/${action.id}/evidence`, form)).id;
      }
      return post(`/api/v1/actions/${action.id}/updates`, { ...body, evidenceFile });
    },
    onSuccess: async () => {
      setText('');
      setEvidence('');
      setStatus('');
      if (fileRef.current) fileRef.current.value = '';
      await refresh();
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!text.trim()) problems.text = t('commitments.update.textRequired');
    if (evidence.trim() && !isHttpUrl(evidence.trim())) problems.evidenceUrl = t('commitments.update.badLink');
    if (date && date > todayIso()) problems.date = t('commitments.update.futureDate');
    const file = fileRef.current?.files?.[0];
    const fileProblem = file ? evidenceFileProblem(file.name, file.size) : null;
    if (file && fileProblem) problems.file = t(`commitments.update.file_${fileProblem}`, { name: file.name, mb: MAX_EVIDENCE_MB });
    setLocal(problems);
    if (Object.keys(problems).length) return;
    save.mutate({ text: text.trim(), date: date || undefined, evidenceUrl: evidence.trim() || null, ...(status ? { status } : {}) });
  };
  return (
    <form className="cm-update-form" onSubmit={submit} noValidate aria-label={t('commitments.update.formLabel', { title: action.title })}>
      {headless ? null : <h4>{t('commitments.update.report')}</h4>}
      <ErrorAlert message={Object.keys(local).length || err?.issues.length ? t('commitments.form.checkFields') : err?.message} />
      <TextArea label={t('commitments.update.text')} value={text} onChange={(e) => setText(e.target.value)} error={fieldError(err, 'text', local.text)} maxLength={5000} rows={3} />
      <div className="three-cols">
        <TextField label={t('commitments.update.date')} type="date" value={date} max={todayIso()} onChange={(e) => setDate(e.target.value)} error={fieldError(err, 'date', local.date)} />
        <TextField
          label={t('commitments.update.evidenceUrl')}
          type="url"
          inputMode="url"
          value={evidence}
          onChange={(e) => setEvidence(e.target.value)}
          error={fieldError(err, 'evidenceUrl', local.evidenceUrl)}
          hint={t('commitments.update.evidenceHint')}
        />
        <SelectField label={t('commitments.update.newStatus')} value={status} onChange={(e) => setStatus(e.target.value)}>
          <StatusOptions withKeep />
        </SelectField>
      </div>
      <FileInput
        ref={fileRef}
        label={t('commitments.update.evidenceFile')}
        hint={t('commitments.update.evidenceFileHint', { mb: MAX_EVIDENCE_MB })}
        error={fieldError(err, 'file', local.file) ?? fieldError(err, 'evidenceFile')}
        accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.webp"
      />
      <p className="form-actions">
        <button type="submit" disabled={save.isPending}>
          {t('commitments.update.submit')}
        </button>
      </p>
      <StatusMessage>{save.isSuccess ? t('commitments.update.saved') : null}</StatusMessage>
    </form>
  );
}

/** Owners: change the status alone. */
export function StatusForm({ action }: { action: ActionWithProgress }) {
  const { t } = useTranslation();
  const refresh = useRefresh();
  const [status, setStatus] = useState<ActionStatus>(action.status);
  const save = useMutation({
    mutationFn: () => patch(`/api/v1/roadmaps/${action.roadmapId}/actions/${action.id}`, { status }),
    onSuccess: () => refresh(),
  });
  return (
    <form
      className="inline-form cm-status-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <SelectField label={t('commitments.action.changeStatus')} value={status} onChange={(e) => setStatus(e.target.value as ActionStatus)}>
        <StatusOptions />
      </SelectField>
      <p className="form-actions">
        <button type="submit" className="button-secondary" disabled={save.isPending || status === action.status}>
          {t('commitments.action.saveStatus')}
        </button>
      </p>
      <ErrorAlert message={save.error?.message} />
      <StatusMessage>{save.isSuccess ? t('commitments.action.statusSaved') : null}</StatusMessage>
    </form>
  );
}
