import { useId, type InputHTMLAttributes, type Ref, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client.ts';
import { useCountries, useOrganisationList } from '../../app/hooks.ts';
import { useObjectives } from './api.ts';

/** A fieldset of checkboxes; its error is tied to the group. */
export function CheckboxGroup(props: {
  legend: string;
  field: string;
  options: { value: string; label: string }[];
  selected: string[];
  onChange: (next: string[]) => void;
  error?: string | undefined;
  scroll?: boolean;
}) {
  const id = useId();
  const toggle = (v: string) => props.onChange(props.selected.includes(v) ? props.selected.filter((x) => x !== v) : [...props.selected, v]);
  return (
    <fieldset
      className={`checkbox-group${props.scroll ? ' checkbox-scroll' : ''}${props.error ? ' field-invalid' : ''}`}
      data-field={props.field}
      aria-describedby={props.error ? `${id}-error` : undefined}
    >
      <legend>{props.legend}</legend>
      <ul className="plain">
        {props.options.map((o) => (
          <li key={o.value}>
            <input type="checkbox" id={`${id}-${o.value}`} checked={props.selected.includes(o.value)} onChange={() => toggle(o.value)} />{' '}
            <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
          </li>
        ))}
      </ul>
      {props.error ? (
        <p className="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function TextArea(props: { label: string; error?: string | undefined; hint?: string } & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>) {
  const { label, error, hint, ...rest } = props;
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <textarea id={id} rows={4} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...rest} />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled file input, its hint and error tied to it. */
export function FileInput(props: { label: string; hint?: string; error?: string | undefined; ref?: Ref<HTMLInputElement> } & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type'>) {
  const { label, hint, error, ref, ...rest } = props;
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input id={id} ref={ref} type="file" aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...rest} />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** CRM/CSM member states first (they are the ones with commitments), then the rest. */
export function useCountryOptions(membersOnly = true) {
  const { data } = useCountries();
  return (data ?? []).filter((c) => !membersOnly || c.memberships.length > 0).map((c) => ({ value: c.code, label: c.name }));
}

export function useOrganisationOptions() {
  return useOrganisationList().map((o) => ({ value: o.code, label: o.label }));
}

export function useObjectiveOptions() {
  const { t } = useTranslation();
  const { data } = useObjectives();
  return (data ?? []).map((o) => ({ value: String(o.number), label: t('commitments.objective', { number: o.number, title: o.shortTitle }) }));
}

/** The server's message for a field (or one of its items), else the browser's own check. */
export function fieldError(err: ApiError | null | undefined, path: string, local?: string | null): string | undefined {
  return local ?? err?.issueFor?.(path) ?? undefined;
}
