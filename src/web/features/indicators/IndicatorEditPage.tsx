import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useLang, useTitle } from '../../app/hooks.ts';
import { ApiError, post, put } from '../../api/client.ts';
import { DIRECTIONS, INDICATOR_TYPES, ORIGINS, useIndicator, useIndicatorVersions, type IndicatorDetail } from './catalogue-api.ts';

interface Draft {
  code: string;
  nameEs: string;
  nameEn: string;
  nameEsDraft: boolean;
  objectives: string;
  type: string;
  unit: string;
  direction: string;
  directionBasis: string;
  directionConfirmed: boolean;
  definitionEn: string;
  definitionEs: string;
  custodian: string;
  official: boolean;
  arrival: string[];
}
const blank: Draft = { code: '', nameEs: '', nameEn: '', nameEsDraft: false, objectives: '', type: 'count', unit: '', direction: 'none', directionBasis: '', directionConfirmed: true, definitionEn: '', definitionEs: '', custodian: '', official: false, arrival: [] };
const fromDetail = (d: IndicatorDetail): Draft => ({
  code: d.code,
  nameEs: d.name.es ?? '',
  nameEn: d.name.en,
  nameEsDraft: d.nameEsDraft,
  objectives: d.objectives.join(', '),
  type: d.type,
  unit: d.unit,
  direction: d.direction,
  directionBasis: d.directionBasis ?? '',
  directionConfirmed: d.directionConfirmed,
  definitionEn: d.definition.en,
  definitionEs: d.definition.es ?? '',
  custodian: d.custodian ?? '',
  official: d.official,
  arrival: d.arrival,
});
const orNull = (s: string) => (s.trim() ? s.trim() : null);

/**
 * The secretariat's form for one catalogue entry: create, edit (a new version; saved from a
 * stale version the server answers 409 and the message says so), retire or restore, and the
 * entry's versions. Fields the form does not show (SDG series, sources, notes, computation…)
 * are sent back as they were, so an edit never drops them.
 */
function EntryForm({ current }: { current: IndicatorDetail | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [d, setD] = useState<Draft>(current ? fromDetail(current) : blank);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const refresh = (code: string) => Promise.all([qc.invalidateQueries({ queryKey: ['indicator', code] }), qc.invalidateQueries({ queryKey: ['indicator-versions', code] }), qc.invalidateQueries({ queryKey: ['indicator-catalogue'] })]);

  const body = () => ({
    name: { es: orNull(d.nameEs), en: d.nameEn.trim() },
    nameEsDraft: d.nameEsDraft,
    objectives: d.objectives.split(/[\s,;]+/).filter(Boolean).map(Number),
    sdg: current?.sdg ?? null,
    type: d.type,
    unit: d.unit.trim(),
    direction: d.direction,
    directionBasis: orNull(d.directionBasis),
    directionConfirmed: d.directionConfirmed,
    disaggregations: current?.disaggregations ?? [],
    definition: { en: d.definitionEn.trim(), es: orNull(d.definitionEs) },
    custodian: orNull(d.custodian),
    arrival: d.arrival,
    official: d.official,
    inA79590: current?.inA79590 ?? null,
    sources: current?.sources ?? [],
    notes: current?.notes ?? null,
    computation: current?.computation ?? null,
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      if (current) {
        const r = await put<IndicatorDetail>(`/api/v1/indicators/${encodeURIComponent(current.code)}`, { ...body(), version: current.version });
        await refresh(r.code);
        setSaved(t('indicatorsPublic.edit.saved', { version: r.version }));
      } else {
        const r = await post<IndicatorDetail>('/api/v1/indicators', { code: d.code.trim(), ...body() });
        await refresh(r.code);
        void navigate(`/indicators/${encodeURIComponent(r.code)}/edit`);
      }
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)));
    } finally {
      setBusy(false);
    }
  };
  const retire = async (retired: boolean) => {
    if (!current) return;
    setBusy(true);
    setError(null);
    try {
      await post(`/api/v1/indicators/${encodeURIComponent(current.code)}/retire`, { retired });
      await refresh(current.code);
      setSaved(t(retired ? 'indicatorsPublic.edit.retiredDone' : 'indicatorsPublic.edit.restoredDone'));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)));
    } finally {
      setBusy(false);
    }
  };

  const field = (id: keyof Draft, label: string, input: ReactNode, hint?: string) => (
    <p className="field">
      <label htmlFor={`ind-e-${id}`}>{label}</label>
      {input}
      {hint ? <span className="hint" id={`ind-e-${id}-hint`}>{hint}</span> : null}
    </p>
  );
  const issueFor = (path: string) => error?.issues.filter((i) => i.path === path || i.path.startsWith(`${path}.`)).map((i) => i.message).join(' ');
  return (
    <form onSubmit={submit} noValidate data-testid="indicator-form" lang={lang}>
      {error ? (
        <div className="error" role="alert" data-testid="indicator-form-error">
          <p>{error.status === 409 ? t('indicatorsPublic.edit.stale', { message: error.message }) : error.message}</p>
          {error.issues.length ? (
            <ul>
              {error.issues.map((i) => (
                <li key={`${i.path}-${i.message}`}>{i.message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {saved ? <p role="status" className="notice" data-testid="indicator-form-saved">{saved}</p> : null}
      {current ? null : field('code', t('indicatorsPublic.edit.code'), <input id="ind-e-code" value={d.code} onChange={(e) => set('code', e.target.value)} required aria-describedby="ind-e-code-hint" aria-invalid={issueFor('code') ? true : undefined} />, t('indicatorsPublic.edit.codeHint'))}
      {field('nameEn', t('indicatorsPublic.edit.nameEn'), <input id="ind-e-nameEn" lang="en" value={d.nameEn} onChange={(e) => set('nameEn', e.target.value)} required />)}
      {field('nameEs', t('indicatorsPublic.edit.nameEs'), <input id="ind-e-nameEs" lang="es" value={d.nameEs} onChange={(e) => set('nameEs', e.target.value)} aria-describedby="ind-e-nameEs-hint" />, t('indicatorsPublic.edit.nameEsHint'))}
      <p className="field-check">
        <input id="ind-e-nameEsDraft" type="checkbox" checked={d.nameEsDraft} onChange={(e) => set('nameEsDraft', e.target.checked)} /> <label htmlFor="ind-e-nameEsDraft">{t('indicatorsPublic.edit.nameEsDraft')}</label>
      </p>
      {field('objectives', t('indicatorsPublic.edit.objectives'), <input id="ind-e-objectives" inputMode="numeric" value={d.objectives} onChange={(e) => set('objectives', e.target.value)} aria-describedby="ind-e-objectives-hint" />, t('indicatorsPublic.edit.objectivesHint'))}
      {field(
        'type',
        t('indicatorsPublic.fields.type'),
        <select id="ind-e-type" value={d.type} onChange={(e) => set('type', e.target.value)}>
          {INDICATOR_TYPES.map((x) => (
            <option key={x} value={x}>{t(`indicatorsPublic.type.${x}`)}</option>
          ))}
        </select>,
      )}
      {field('unit', t('indicatorsPublic.fields.unit'), <input id="ind-e-unit" value={d.unit} onChange={(e) => set('unit', e.target.value)} />)}
      {field(
        'direction',
        t('indicatorsPublic.fields.direction'),
        <select id="ind-e-direction" value={d.direction} onChange={(e) => set('direction', e.target.value)}>
          {DIRECTIONS.map((x) => (
            <option key={x} value={x}>{t(`objectives.direction.${x}`)}</option>
          ))}
        </select>,
      )}
      {field('directionBasis', t('indicatorsPublic.edit.directionBasis'), <input id="ind-e-directionBasis" value={d.directionBasis} onChange={(e) => set('directionBasis', e.target.value)} />)}
      <p className="field-check">
        <input id="ind-e-directionConfirmed" type="checkbox" checked={d.directionConfirmed} onChange={(e) => set('directionConfirmed', e.target.checked)} />{' '}
        <label htmlFor="ind-e-directionConfirmed">{t('indicatorsPublic.edit.directionConfirmed')}</label>
      </p>
      {field('definitionEn', t('indicatorsPublic.edit.definitionEn'), <textarea id="ind-e-definitionEn" lang="en" rows={4} value={d.definitionEn} onChange={(e) => set('definitionEn', e.target.value)} />)}
      {field('definitionEs', t('indicatorsPublic.edit.definitionEs'), <textarea id="ind-e-definitionEs" lang="es" rows={4} value={d.definitionEs} onChange={(e) => set('definitionEs', e.target.value)} />)}
      {field('custodian', t('indicatorsPublic.fields.custodian'), <input id="ind-e-custodian" value={d.custodian} onChange={(e) => set('custodian', e.target.value)} />)}
      <fieldset>
        <legend>{t('indicatorsPublic.fields.arrival')}</legend>
        {ORIGINS.map((o) => (
          <p className="field-check" key={o}>
            <input id={`ind-e-arrival-${o}`} type="checkbox" checked={d.arrival.includes(o)} onChange={(e) => set('arrival', e.target.checked ? [...d.arrival, o] : d.arrival.filter((x) => x !== o))} />{' '}
            <label htmlFor={`ind-e-arrival-${o}`}>{t(`indicatorsPublic.origin.${o}`)}</label>
          </p>
        ))}
      </fieldset>
      <p className="field-check">
        <input id="ind-e-official" type="checkbox" checked={d.official} onChange={(e) => set('official', e.target.checked)} /> <label htmlFor="ind-e-official">{t('indicatorsPublic.edit.official')}</label>
      </p>
      <p className="actions">
        <button type="submit" disabled={busy}>{t(current ? 'indicatorsPublic.edit.save' : 'indicatorsPublic.edit.create')}</button>
        {current ? (
          <button type="button" className="secondary" disabled={busy} onClick={() => void retire(!current.retired)} data-testid="indicator-retire">
            {t(current.retired ? 'indicatorsPublic.edit.restore' : 'indicatorsPublic.edit.retire')}
          </button>
        ) : null}
      </p>
    </form>
  );
}

function Versions({ code }: { code: string }) {
  const { t } = useTranslation();
  const v = useIndicatorVersions(code);
  if (!v.data) return <QueryState isLoading={v.isLoading} error={v.error} />;
  return (
    <section aria-labelledby="ind-versions">
      <h2 id="ind-versions">{t('indicatorsPublic.edit.versions')}</h2>
      <ol reversed className="ind-versions" data-testid="indicator-versions">
        {v.data.map((x) => (
          <li key={x.version} value={x.version}>
            {t('indicatorsPublic.edit.versionLine', { version: x.version, change: t(`indicatorsPublic.edit.change.${x.change}`, { defaultValue: x.change }), actor: x.actor ?? '', at: new Date(x.at).toLocaleString() })}
          </li>
        ))}
      </ol>
    </section>
  );
}

export function IndicatorEditPage() {
  const { code } = useParams();
  const { t } = useTranslation();
  const q = useIndicator(code ?? '');
  useTitle(code ? t('indicatorsPublic.edit.editTitle', { code }) : t('indicatorsPublic.edit.newTitle'));
  if (code && !q.data) return <QueryState isLoading={q.isLoading} error={q.error} />;
  return (
    <div className="ind-edit">
      <p>
        <Link to={code ? `/indicators/${encodeURIComponent(code)}` : '/indicators'}>{t(code ? 'indicatorsPublic.edit.back' : 'indicatorsPublic.all')}</Link>
      </p>
      <h1>{code ? t('indicatorsPublic.edit.editTitle', { code }) : t('indicatorsPublic.edit.newTitle')}</h1>
      {/* keyed by entry: after a save the form keeps what was typed, now the stored version */}
      <EntryForm key={q.data ? q.data.code : 'new'} current={code ? q.data! : null} />
      {code ? <Versions code={code} /> : null}
    </div>
  );
}
