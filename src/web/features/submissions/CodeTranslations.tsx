import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../components/Field.tsx';
import type { Dimension } from './api.ts';
import { codeRows, withCode, CODED_TARGETS, type CodeMap, type Target } from './logic.ts';

/**
 * The mapping step's translations of national codes to regional ones (e.g. `OOO` → `_U`,
 * a national age band → a regional one where it nests). The file's first values that are not
 * regional codes are offered first; others can be added by hand. They travel in the mapping
 * (`codes`) and are saved with it; the validation report lists every value translated.
 */
export function CodeTranslations({ dims, codes, onChange, pending }: { dims: Map<string, Dimension>; codes: CodeMap; onChange: (c: CodeMap) => void; pending: { dim: Target; value: string }[] }) {
  const { t } = useTranslation();
  const id = useId();
  const [dim, setDim] = useState<string>('CITIZENSHIP');
  const [national, setNational] = useState('');
  const [regional, setRegional] = useState('');
  const name = (d: string) => `${dims.get(d)?.name ?? d} (${d})`;
  const options = (d: string) =>
    (dims.get(d)?.codes ?? []).map((c) => (
      <option key={c.id} value={c.id}>
        {c.name} ({c.id})
      </option>
    ));
  const rows = codeRows(codes);
  return (
    <section aria-labelledby={`${id}-h`} data-testid="code-translations">
      <h3 id={`${id}-h`}>{t('submissions.codes.title')}</h3>
      <p className="hint">{t('submissions.codes.hint')}</p>
      {pending.length ? (
        <div className="grid-form">
          <p>{t('submissions.codes.pending', { count: pending.length })}</p>
          {pending.map((p) => (
            <SelectField key={`${p.dim}-${p.value}`} label={t('submissions.codes.pendingLabel', { value: p.value, dimension: name(p.dim) })} value="" onChange={(e) => onChange(withCode(codes, p.dim, p.value, e.target.value))} data-pending={p.value}>
              <option value="">{t('submissions.codes.leave')}</option>
              {options(p.dim)}
            </SelectField>
          ))}
        </div>
      ) : null}
      {rows.length ? (
        <div className="table-wrap">
          <table data-testid="code-table">
            <caption>{t('submissions.codes.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('submissions.codes.dimension')}</th>
                <th scope="col">{t('submissions.codes.national')}</th>
                <th scope="col">{t('submissions.codes.regional')}</th>
                <td />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.dim}-${r.national}`}>
                  <td>{name(r.dim)}</td>
                  <th scope="row">{r.national}</th>
                  <td>{r.regional}</td>
                  <td>
                    <button type="button" className="link-button" onClick={() => onChange(withCode(codes, r.dim, r.national, ''))}>
                      {t('submissions.codes.remove', { value: r.national })}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <fieldset className="grid-form">
        <legend>{t('submissions.codes.add')}</legend>
        <SelectField label={t('submissions.codes.dimension')} value={dim} onChange={(e) => (setDim(e.target.value), setRegional(''))}>
          {CODED_TARGETS.map((d) => (
            <option key={d} value={d}>
              {name(d)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('submissions.codes.national')} value={national} maxLength={60} onChange={(e) => setNational(e.target.value)} />
        <SelectField label={t('submissions.codes.regional')} value={regional} onChange={(e) => setRegional(e.target.value)}>
          <option value="">{t('submissions.codes.choose')}</option>
          {options(dim)}
        </SelectField>
        <p>
          <button
            type="button"
            disabled={!national.trim() || !regional}
            onClick={() => {
              onChange(withCode(codes, dim, national, regional));
              setNational('');
              setRegional('');
            }}
          >
            {t('submissions.codes.addButton')}
          </button>
        </p>
      </fieldset>
    </section>
  );
}
