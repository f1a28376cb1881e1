import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, del, upload } from '../../api/client.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { useFormat, useLang, useSession } from '../../app/hooks.ts';
import type { MeetingDocument } from './api.ts';
import { DOCUMENT_KINDS, documentFileProblem, isSecretariat, kilobytes, MAX_EVIDENCE_MB, type DocumentKind } from './logic.ts';
import { fieldError, FileInput } from './FormParts.tsx';

export const documentUrl = (meetingKey: string, id: string) => `/api/v1/meetings/${encodeURIComponent(meetingKey)}/documents/${id}`;

/** A meeting's documents (communiqués, reports…) with download links; the secretariat also uploads and removes. */
export function MeetingDocuments({ meetingKey, documents }: { meetingKey: string; documents: MeetingDocument[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const session = useSession();
  const secretariat = isSecretariat(session.data?.user);
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: string) => del(documentUrl(meetingKey, id)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['commitments'] }),
  });
  return (
    <section aria-labelledby="meeting-documents">
      <h2 id="meeting-documents">{t('commitments.documents.title')}</h2>
      {documents.length === 0 ? <p>{t('commitments.documents.none')}</p> : null}
      <ul className="plain" data-testid="meeting-documents">
        {documents.map((d) => (
          <li key={d.id} className="cm-document">
            <a href={documentUrl(meetingKey, d.id)} download={d.filename} hrefLang={d.language} lang={d.language}>
              {d.title}
            </a>{' '}
            <span className="muted cm-small">
              {t('commitments.documents.meta', {
                kind: t(`commitments.documents.kind.${d.kind}`),
                language: d.language.toUpperCase(),
                kb: fmt.number(kilobytes(d.size)),
              })}
            </span>
            {secretariat ? (
              <>
                {' '}
                <button
                  type="button"
                  className="button-secondary button-small"
                  disabled={remove.isPending}
                  onClick={() => {
                    if (window.confirm(t('commitments.documents.deleteConfirm', { title: d.title }))) remove.mutate(d.id);
                  }}
                >
                  {t('commitments.documents.delete')}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      <ErrorAlert message={remove.error instanceof Error ? remove.error.message : undefined} />
      {secretariat ? <DocumentUploadForm meetingKey={meetingKey} /> : null}
    </section>
  );
}

function DocumentUploadForm({ meetingKey }: { meetingKey: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<DocumentKind>('communique');
  const [language, setLanguage] = useState<string>(lang);
  const [title, setTitle] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const fileRef = useRef<HTMLInputElement>(null);
  const save = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      const query = new URLSearchParams({ kind, language, title: title.trim() });
      return upload<MeetingDocument>(`/api/v1/meetings/${encodeURIComponent(meetingKey)}/documents?${query.toString()}`, form);
    },
    onSuccess: async () => {
      setTitle('');
      if (fileRef.current) fileRef.current.value = '';
      await queryClient.invalidateQueries({ queryKey: ['commitments'] });
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!title.trim()) problems.title = t('commitments.documents.titleRequired');
    const file = fileRef.current?.files?.[0];
    if (!file) problems.file = t('commitments.documents.fileRequired');
    const fileProblem = file ? documentFileProblem(file.name, file.size) : null;
    if (file && fileProblem) problems.file = t(`commitments.documents.file_${fileProblem}`, { name: file.name, mb: MAX_EVIDENCE_MB });
    setLocal(problems);
    if (Object.keys(problems).length || !file) return;
    save.mutate(file);
  };
  return (
    <form className="cm-document-form" onSubmit={submit} noValidate aria-labelledby="meeting-document-upload">
      <h3 id="meeting-document-upload">{t('commitments.documents.upload')}</h3>
      <ErrorAlert message={Object.keys(local).length || err?.issues.length ? t('commitments.form.checkFields') : err?.message} />
      <div className="three-cols">
        <SelectField label={t('commitments.documents.kindLabel')} value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)}>
          {DOCUMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`commitments.documents.kind.${k}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('commitments.documents.languageLabel')} value={language} onChange={(e) => setLanguage(e.target.value)} error={fieldError(err, 'language')}>
          <option value="es">Español</option>
          <option value="en">English</option>
          <option value="fr">Français</option>
          <option value="pt">Português</option>
        </SelectField>
        <TextField label={t('commitments.documents.titleLabel')} value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} error={fieldError(err, 'title', local.title)} />
      </div>
      <FileInput
        ref={fileRef}
        label={t('commitments.documents.file')}
        hint={t('commitments.documents.fileHint', { mb: MAX_EVIDENCE_MB })}
        error={fieldError(err, 'file', local.file)}
        accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.webp,.txt"
      />
      <p className="form-actions">
        <button type="submit" disabled={save.isPending}>
          {t('commitments.documents.submit')}
        </button>
      </p>
      <StatusMessage>{save.isSuccess ? t('commitments.documents.saved') : null}</StatusMessage>
    </form>
  );
}
