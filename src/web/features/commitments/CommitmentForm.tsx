import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, patch, post } from '../../api/client.ts';
import { TextField } from '../../components/Field.tsx';
import { ErrorAlert } from '../../components/Alert.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { useTitle } from '../../app/hooks.ts';
import { localized, mergeLocalized } from './logic.ts';
import { fieldError, TextArea } from './FormParts.tsx';
import { CommitmentsSubNav } from './labels.tsx';

/*
 * What the pledge and roadmap forms share: one form creates (POST) and edits (PATCH) an item, checks
 * a few fields in the browser first, and sums up its problems in one alert that takes the focus.
 */

/** An edit route (`/pledges/:id/edit`, `/roadmaps/:id/edit`): the heading while the item loads, then its form. */
export function EditWhenLoaded<T>(props: { title: string; item: UseQueryResult<T>; form: (existing: T) => ReactNode }) {
  const { item } = props;
  useTitle(props.title);
  if (!item.data) {
    return (
      <>
        <CommitmentsSubNav />
        <h1>{props.title}</h1>
        <QueryState isLoading={item.isLoading} error={item.error} />
      </>
    );
  }
  return <>{props.form(item.data)}</>;
}

/**
 * Saving to `/api/v1/{collection}` (the item's id when editing), then opening the item's page with
 * `savedState` as the router state. The browser's own problems are kept by field path.
 */
export function useCommitmentForm(opts: { collection: 'pledges' | 'roadmaps'; existingId?: string | undefined; savedState?: unknown }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { collection, existingId, savedState } = opts;
  const [local, setLocal] = useState<Record<string, string>>({});
  const summaryRef = useRef<HTMLDivElement>(null);
  const save = useMutation({
    mutationFn: (body: unknown) => (existingId ? patch<{ id: string }>(`/api/v1/${collection}/${existingId}`, body) : post<{ id: string }>(`/api/v1/${collection}`, body)),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['commitments'] });
      void navigate(`/${collection}/${existingId ?? r.id}`, savedState === undefined ? undefined : { state: savedState });
    },
    onError: () => summaryRef.current?.focus(),
  });
  const err = save.error instanceof ApiError ? save.error : null;
  return {
    summaryRef,
    pending: save.isPending,
    /** Field messages are read where they stand; the summary only says to check them, unless the server gave none. */
    summary: Object.keys(local).length || err?.issues.length ? t('commitments.form.checkFields') : err?.message,
    /** A field's message: the browser's check first, else the server's for that path. */
    errorFor: (path: string) => fieldError(err, path, local[path]),
    /** Sends `body()` when `problems` is empty; otherwise shows them and focuses the summary. */
    submit: (problems: Record<string, string>, body: () => unknown) => {
      setLocal(problems);
      if (Object.keys(problems).length) {
        summaryRef.current?.focus();
        return;
      }
      save.mutate(body());
    },
  };
}

type CommitmentForm = ReturnType<typeof useCommitmentForm>;

/** The form around a page's own fields: the summary alert first, the submit button last. */
export function CommitmentFormShell(props: { form: CommitmentForm; check: () => Record<string, string>; body: () => unknown; submitText: string; children: ReactNode }) {
  const { form } = props;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    form.submit(props.check(), props.body);
  };
  return (
    <form className="practice-form" onSubmit={submit} noValidate>
      <div tabIndex={-1} ref={form.summaryRef}>
        <ErrorAlert message={form.summary} />
      </div>
      {props.children}
      <p className="form-actions">
        <button type="submit" disabled={form.pending}>
          {props.submitText}
        </button>
      </p>
    </form>
  );
}

/** A text kept in Spanish and English; `previous` is the item's stored translations when editing. */
export function useBilingual(previous: Record<string, string> | undefined) {
  const [es, setEs] = useState(previous?.es ?? '');
  const [en, setEn] = useState(previous?.en ?? '');
  return {
    es,
    en,
    setEs,
    setEn,
    blank: !es.trim() && !en.trim(),
    // Editing keeps the translations this form does not show (pt, fr).
    value: () => (previous ? mergeLocalized(previous, es, en) : localized(es, en)),
  };
}

type Bilingual = ReturnType<typeof useBilingual>;

/** Title (one of the two required, its error on the Spanish field) and the longer text, in both languages. */
export function TitleAndTextFields(props: { form: CommitmentForm; title: Bilingual; text: Bilingual; textLabels: { es: string; en: string } }) {
  const { t } = useTranslation();
  const { title, text } = props;
  return (
    <>
      <TextField label={t('commitments.form.titleEs')} value={title.es} onChange={(e) => title.setEs(e.target.value)} error={props.form.errorFor('title')} maxLength={300} />
      <TextField label={t('commitments.form.titleEn')} value={title.en} onChange={(e) => title.setEn(e.target.value)} maxLength={300} />
      <TextArea label={props.textLabels.es} value={text.es} onChange={(e) => text.setEs(e.target.value)} maxLength={5000} />
      <TextArea label={props.textLabels.en} value={text.en} onChange={(e) => text.setEn(e.target.value)} maxLength={5000} />
    </>
  );
}

/** A single checkbox with its label after it. */
export function CheckboxField(props: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <div className="field">
      <input type="checkbox" id={props.id} checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} /> <label htmlFor={props.id}>{props.label}</label>
    </div>
  );
}
