import { useId, type ReactNode } from 'react';

/** Small building blocks of the practice form. */
export function CheckboxGroup<V extends string | number>(props: {
  legend: string;
  name: string;
  options: { value: V; label: string }[];
  selected: V[];
  onChange: (v: V[]) => void;
  error?: string | undefined;
  hint?: string;
  scroll?: boolean;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <fieldset className={`checkbox-group${props.scroll ? ' checkbox-scroll' : ''}${props.error ? ' field-invalid' : ''}`} aria-describedby={props.error ? errorId : undefined} data-field={props.name}>
      <legend>{props.legend}</legend>
      {props.hint ? <p className="hint">{props.hint}</p> : null}
      <ul className="plain">
        {props.options.map((o) => (
          <li key={o.value}>
            <input
              type="checkbox"
              id={`${id}-${o.value}`}
              name={props.name}
              checked={props.selected.includes(o.value)}
              onChange={(e) => props.onChange(e.target.checked ? [...props.selected, o.value] : props.selected.filter((x) => x !== o.value))}
            />{' '}
            <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
          </li>
        ))}
      </ul>
      {props.error ? (
        <p className="field-error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function TextArea(props: { label: string; value: string; onChange: (v: string) => void; error?: string | undefined; hint?: string; rows?: number; lang?: string; name: string }) {
  const id = useId();
  const describedBy = [props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${props.error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      <textarea id={id} name={props.name} lang={props.lang} rows={props.rows ?? 3} value={props.value} onChange={(e) => props.onChange(e.target.value)} aria-invalid={props.error ? true : undefined} aria-describedby={describedBy} />
      {props.error ? (
        <p className="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="form-section">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** Objectives suggested from the text, each with a one-click add. */
