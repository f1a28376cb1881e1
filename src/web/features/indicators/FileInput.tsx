import { useId, useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { useFormat } from '../../app/hooks.ts';
import { errorText, MAX_FILE_MB, toBase64, type Answer, type InputPreview, type PreviewEntry } from './input-api.ts';

interface Loaded {
  name: string;
  content: string;
}

/**
 * Upload → preview (new / changed / unchanged rows, refused rows with their reasons) →
 * apply, for a file of values: the focal point's template or a custodian's SDG file.
 */
export function FileInput(props: { previewUrl: string; applyUrl: string; accept: string; extension: RegExp; label: string; hint: string; testId: string; onApplied?: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const inputId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const preview = useMutation({ mutationFn: (f: Loaded) => post<InputPreview>(props.previewUrl, { content: f.content, filename: f.name }) });
  const apply = useMutation({
    mutationFn: (v: { f: Loaded; checksum: string }) => post<{ applied: number }>(props.applyUrl, { content: v.f.content, filename: v.f.name, checksum: v.checksum }),
    onSuccess: () => {
      preview.reset();
      setFile(null);
      if (fileRef.current) fileRef.current.value = '';
      props.onApplied?.();
    },
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    apply.reset();
    preview.reset();
    setProblem(null);
    const f = fileRef.current?.files?.[0];
    if (!f) return setProblem(t('indicatorsInput.file.choose'));
    if (!props.extension.test(f.name)) return setProblem(t('indicatorsInput.file.wrongType', { name: f.name }));
    if (f.size > MAX_FILE_MB * 1024 * 1024) return setProblem(t('indicatorsInput.file.tooLarge', { name: f.name, mb: MAX_FILE_MB }));
    const loaded = { name: f.name, content: toBase64(new Uint8Array(await f.arrayBuffer())) };
    setFile(loaded);
    preview.mutate(loaded);
  };

  const p = preview.data;
  const shown = (a: { value: number | null; answer: Answer | null } | null) =>
    !a ? t('indicatorsInput.none') : a.answer ? t(`indicatorsInput.answer.${a.answer}`) : a.value === null ? t('indicatorsInput.none') : fmt.number(a.value);
  const changes = p?.entries.filter((e) => e.kind !== 'unchanged') ?? [];
  const disagg = (e: PreviewEntry) =>
    Object.entries(e.disaggregation)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');

  return (
    <div className="ii-file" data-testid={props.testId}>
      <form onSubmit={(e) => void submit(e)} className="inline-form">
        <div className="field">
          <label htmlFor={inputId}>{props.label}</label>
          <p className="hint" id={`${inputId}-hint`}>
            {props.hint}
          </p>
          <input id={inputId} ref={fileRef} type="file" accept={props.accept} aria-describedby={`${inputId}-hint`} />
        </div>
        <p className="form-actions">
          <button type="submit" disabled={preview.isPending}>
            {t('indicatorsInput.file.preview')}
          </button>
        </p>
      </form>
      <ErrorAlert message={problem ?? errorText(preview.error) ?? errorText(apply.error)} />
      <StatusMessage>{apply.data ? t('indicatorsInput.file.applied', { count: apply.data.applied }) : null}</StatusMessage>
      {p && file ? (
        <section className="ii-preview" data-testid="input-preview" aria-labelledby={`${inputId}-ph`}>
          <h3 id={`${inputId}-ph`}>{t('indicatorsInput.file.previewTitle', { name: file.name })}</h3>
          <ul className="ii-counts" data-testid="preview-counts">
            {(['new', 'changed', 'unchanged', 'refused'] as const).map((k) => (
              <li key={k}>
                {t(`indicatorsInput.file.counts.${k}`, { count: p.counts[k] ?? 0 })}
              </li>
            ))}
            {(['outsideMembers', 'regions', 'noValue', 'unknownSeries', 'blank'] as const)
              .filter((k) => (p.counts[k] ?? 0) > 0)
              .map((k) => (
                <li key={k}>{t(`indicatorsInput.file.counts.${k}`, { count: p.counts[k] ?? 0 })}</li>
              ))}
          </ul>
          {p.unknownSeries?.length ? <p>{t('indicatorsInput.file.unknownSeries', { series: p.unknownSeries.join(', ') })}</p> : null}
          {p.errors.length ? (
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('indicatorsInput.file.errorsCaption')}>
              <table data-testid="preview-errors">
                <caption>{t('indicatorsInput.file.errorsCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('indicatorsInput.file.row')}</th>
                    <th scope="col">{t('indicatorsInput.file.column')}</th>
                    <th scope="col">{t('indicatorsInput.file.value')}</th>
                    <th scope="col">{t('indicatorsInput.file.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.errors.map((e, i) => (
                    <tr key={i}>
                      <th scope="row">{fmt.number(e.row)}</th>
                      <td>{e.column}</td>
                      <td>
                        <code>{e.value || t('indicatorsInput.none')}</code>
                      </td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {changes.length ? (
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('indicatorsInput.file.changesCaption')}>
              <table data-testid="preview-changes">
                <caption>{t('indicatorsInput.file.changesCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('indicatorsInput.file.row')}</th>
                    <th scope="col">{t('indicatorsInput.file.kind')}</th>
                    <th scope="col">{t('indicatorsInput.indicator')}</th>
                    <th scope="col">{t('indicatorsInput.country')}</th>
                    <th scope="col">{t('indicatorsInput.year')}</th>
                    <th scope="col">{t('indicatorsInput.file.before')}</th>
                    <th scope="col">{t('indicatorsInput.file.after')}</th>
                  </tr>
                </thead>
                <tbody>
                  {changes.map((e) => (
                    <tr key={`${e.row}-${e.code}`} data-kind={e.kind}>
                      <td>{fmt.number(e.row)}</td>
                      <td>{t(`indicatorsInput.file.kinds.${e.kind}`)}</td>
                      <th scope="row">
                        <span className="ii-code">{e.code}</span> {e.name}
                        {disagg(e) ? <span className="hint"> ({disagg(e)})</span> : null}
                      </th>
                      <td>{e.country}</td>
                      <td>{e.period}</td>
                      <td>{e.before ? <del>{shown(e.before)}</del> : t('indicatorsInput.none')}</td>
                      <td>
                        <ins>{shown(e.after)}</ins>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{t('indicatorsInput.file.noChanges')}</p>
          )}
          {p.canApply ? (
            <p className="form-actions">
              <button type="button" onClick={() => apply.mutate({ f: file, checksum: p.checksum })} disabled={apply.isPending}>
                {t('indicatorsInput.file.apply', { count: changes.length })}
              </button>
            </p>
          ) : p.errors.length ? (
            <p className="ii-blocked">{t('indicatorsInput.file.fixFirst')}</p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
