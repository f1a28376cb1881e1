import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../components/Field.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { useFormat, useLang, useSession, useTitle } from '../../app/hooks.ts';
import { ObservatoryNav } from '../explore/ObservatoryNav.tsx';
import { DATAFLOW, errorText, inspectFile, sendSubmission, useDataflow, useDataflowList, useMappings, type Dimension, type Inspection, type SavedMapping } from './api.ts';
import {
  absentDimensions,
  buildMapping,
  fileKind,
  initialChoices,
  initialConstants,
  mappingProblems,
  MAX_FILE_MB,
  percent,
  TARGETS,
  type Choices,
  type MappingProblem,
  type Target,
  untranslatedSample,
  type CodeMap,
} from './logic.ts';
import { Notice, ProgressBar } from './Parts.tsx';
import { CodeTranslations } from './CodeTranslations.tsx';

interface Loaded {
  file: File;
  inspection: Inspection;
  saved: SavedMapping | null;
}

/** `/observatory/submit`: the file and its options → the column-mapping step → upload (with progress) → the report. */
export function SubmitPage() {
  const { t } = useTranslation();
  const lang = useLang();
  useTitle(t('submissions.submit.title'));
  const session = useSession();
  const user = session.data?.user ?? null;
  const dataflows = useDataflowList();
  const [dataflow, setDataflow] = useState(DATAFLOW);
  const mappings = useMappings(dataflow);
  const [savedName, setSavedName] = useState('');
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  const [problem, setProblem] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const fileId = useId();
  const savedKey = (m: SavedMapping) => `${m.country}/${m.name}`;

  const read = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setLoaded(null);
    const f = fileRef.current?.files?.[0];
    if (!f) return setProblem(t('submissions.submit.chooseFile'));
    if (!fileKind(f.name)) return setProblem(t('submissions.submit.wrongType', { name: f.name }));
    if (f.size > MAX_FILE_MB * 1024 * 1024) return setProblem(t('submissions.submit.tooLarge', { name: f.name, mb: MAX_FILE_MB }));
    setReading(true);
    try {
      const inspection = await inspectFile(f, dataflow);
      const saved = mappings.data?.find((m) => savedKey(m) === savedName) ?? null;
      setLoaded({ file: f, inspection, saved });
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setReading(false);
    }
  };

  return (
    <>
      <ObservatoryNav />
      <h1>{t('submissions.submit.title')}</h1>
      <p className="lead">{t('submissions.submit.intro')}</p>
      <form onSubmit={(e) => void read(e)} className="panel sub-step" aria-labelledby="sub-step1">
        <h2 id="sub-step1">{t('submissions.submit.step1')}</h2>
        <SelectField label={t('submissions.submit.dataflow')} value={dataflow} onChange={(e) => (setDataflow(e.target.value), setLoaded(null), setSavedName(''))}>
          {(dataflows.data ?? [{ id: DATAFLOW, name: DATAFLOW }]).map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} ({d.id})
            </option>
          ))}
        </SelectField>
        <p className="sub-template">
          <a href={`/api/v1/dataflows/${encodeURIComponent(dataflow)}/template.xlsx?lang=${lang}`} download data-testid="template-link">
            {t('submissions.submit.template')}
          </a>
          <span className="hint"> {t('submissions.submit.templateHint')}</span>
        </p>
        <SelectField
          label={t('submissions.submit.savedMapping')}
          hint={t('submissions.submit.savedMappingHint')}
          value={savedName}
          onChange={(e) => (setSavedName(e.target.value), setLoaded(null))}
        >
          <option value="">{t('submissions.submit.noSavedMapping')}</option>
          {(mappings.data ?? []).map((m) => (
            <option key={savedKey(m)} value={savedKey(m)}>
              {m.country === '*' ? t('submissions.submit.regionalMapping', { name: m.name }) : m.name}
            </option>
          ))}
        </SelectField>
        <fieldset className="sub-radios">
          <legend>{t('submissions.submit.mode')}</legend>
          {(['merge', 'replace'] as const).map((m) => (
            <div key={m} className="sub-radio">
              <input type="radio" id={`${fileId}-mode-${m}`} name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} aria-describedby={`${fileId}-mode-${m}-hint`} />
              <label htmlFor={`${fileId}-mode-${m}`}>{t(`submissions.mode.${m}`)}</label>
              <p className="hint" id={`${fileId}-mode-${m}-hint`}>
                {t(`submissions.mode.${m}Help`)}
              </p>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={fileId}>{t('submissions.submit.file')}</label>
          <p className="hint" id={`${fileId}-hint`}>
            {t('submissions.submit.fileHint', { mb: MAX_FILE_MB })}
          </p>
          <input
            id={fileId}
            ref={fileRef}
            type="file"
            accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={`${fileId}-hint`}
            onChange={() => setLoaded(null)}
          />
        </div>
        <p className="form-actions">
          <button type="submit" disabled={reading}>
            {reading ? t('submissions.submit.reading') : t('submissions.submit.readColumns')}
          </button>
        </p>
        {problem ? <Notice kind="error">{problem}</Notice> : null}
      </form>
      {loaded ? (
        <MappingStep
          key={`${loaded.file.name}/${loaded.file.lastModified}/${savedName}`}
          loaded={loaded}
          dataflow={dataflow}
          mode={mode}
          focalCountry={user?.role === 'focal_point' ? user.countryCode : null}
          csrf={session.data?.csrfToken ?? null}
        />
      ) : null}
    </>
  );
}

function MappingStep({ loaded, dataflow, mode, focalCountry, csrf }: { loaded: Loaded; dataflow: string; mode: 'merge' | 'replace'; focalCountry: string | null; csrf: string | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const fmt = useFormat();
  const navigate = useNavigate();
  const structure = useDataflow(dataflow);
  const { file, inspection, saved } = loaded;
  const columns = inspection.columns;
  const [choices, setChoices] = useState<Choices>(() => initialChoices(columns, inspection.suggested.columns, saved?.mapping));
  const [constants, setConstants] = useState<Record<string, string>>(() => {
    const c = initialConstants(initialChoices(columns, inspection.suggested.columns, saved?.mapping), saved?.mapping);
    // a focal point's file without a country column is their country's
    if (focalCountry && !Object.values(initialChoices(columns, inspection.suggested.columns, saved?.mapping)).includes('REF_AREA') && !c.REF_AREA) c.REF_AREA = focalCountry;
    return c;
  });
  const [codes, setCodes] = useState<CodeMap>(() => saved?.mapping.codes ?? {});
  const [saveAs, setSaveAs] = useState('');
  const [problems, setProblems] = useState<MappingProblem[] | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [uploaded, setUploaded] = useState<{ sent: number; total: number } | null>(null);
  const baseId = useId();

  const dims = useMemo(() => new Map((structure.data?.dimensions ?? []).map((d) => [d.id, d])), [structure.data]);
  const targetName = (target: string) => {
    const d = dims.get(target);
    if (d) return `${d.name} (${target})`;
    return `${t(`submissions.target.${target}`, { defaultValue: target })} (${target})`;
  };
  const absent = absentDimensions(choices);
  const sampleOf = (i: number) =>
    inspection.sample
      .map((r) => r[i] ?? '')
      .filter((v) => v !== '')
      .slice(0, 5)
      .join(' · ') || t('submissions.mapping.emptySample');

  const problemText = (p: MappingProblem) =>
    p.kind === 'missing' ? t('submissions.mapping.missing', { target: targetName(p.target) }) : t('submissions.mapping.twice', { target: targetName(p.target), columns: p.columns.join(', ') });

  const send = async (e: FormEvent) => {
    e.preventDefault();
    setSendError(null);
    const found = mappingProblems(choices, constants);
    setProblems(found);
    if (found.length) return;
    const form = new FormData();
    form.set('dataflow', dataflow);
    form.set('mode', mode);
    form.set('mapping', JSON.stringify(buildMapping(columns, choices, constants, codes)));
    if (saveAs.trim()) form.set('saveMappingAs', saveAs.trim());
    // the file last: the server reads the fields before it
    form.set('file', file, file.name);
    setSending(true);
    setUploaded({ sent: 0, total: file.size });
    try {
      const { report } = await sendSubmission(form, { lang, csrf, onUpload: (sent, total) => setUploaded({ sent, total }), fallback: t('errors.unexpected') });
      void navigate(`/observatory/submissions/${report.id}`, { state: { sent: true } });
    } catch (err) {
      setSendError(errorText(err));
      setSending(false);
    }
  };

  const uploadPct = uploaded ? percent(uploaded.sent, uploaded.total) : null;
  return (
    <form onSubmit={(e) => void send(e)} className="panel sub-step" aria-labelledby="sub-step2" data-testid="mapping-step">
      <h2 id="sub-step2">{t('submissions.mapping.title')}</h2>
      <p>{t('submissions.mapping.intro', { name: file.name, count: columns.length, row: inspection.headerRow ?? 1 })}</p>
      {saved ? <p className="sub-info">{t('submissions.mapping.fromSaved', { name: saved.name })}</p> : null}
      <div className="table-wrap">
        <table className="sub-mapping" data-testid="mapping-table">
          <caption>{t('submissions.mapping.caption', { name: file.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('submissions.mapping.column')}</th>
              <th scope="col">{t('submissions.mapping.means')}</th>
              <th scope="col" className="sub-sample-col">
                {t('submissions.mapping.sample')}
              </th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c, i) =>
              c.trim() === '' ? null : (
                <tr key={`${i}-${c}`} data-column={c}>
                  <th scope="row">
                    {c}
                    {/* on a phone the first values go under the column's name (the third column is hidden) */}
                    <span className="sub-sample sub-sample-inline">{sampleOf(i)}</span>
                  </th>
                  <td>
                    <select id={`${baseId}-col-${i}`} aria-label={t('submissions.mapping.selectLabel', { column: c })} value={choices[c] ?? ''} onChange={(e) => setChoices({ ...choices, [c]: e.target.value as Target | '' })}>
                      <option value="">{t('submissions.mapping.ignore')}</option>
                      {TARGETS.map((target) => (
                        <option key={target} value={target}>
                          {targetName(target)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="sub-sample sub-sample-col">{sampleOf(i)}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>

      <h3>{t('submissions.mapping.constantsTitle')}</h3>
      <p className="hint">{t('submissions.mapping.constantsHint')}</p>
      {absent.length ? (
        <div className="grid-form sub-constants">
          {absent.map((dim) => (
            <ConstantField key={dim} dim={dim} dimension={dims.get(dim)} loading={structure.isLoading} label={targetName(dim)} value={constants[dim] ?? ''} onChange={(v) => setConstants({ ...constants, [dim]: v })} />
          ))}
        </div>
      ) : (
        <p>{t('submissions.mapping.noAbsent')}</p>
      )}

      <CodeTranslations dims={dims} codes={codes} onChange={setCodes} pending={untranslatedSample(columns, choices, inspection.sample, (d) => dims.get(d)?.codes.map((c) => c.id), codes)} />

      <TextField label={t('submissions.mapping.saveAs')} hint={t('submissions.mapping.saveAsHint')} value={saveAs} maxLength={80} onChange={(e) => setSaveAs(e.target.value)} />

      {problems?.length ? (
        <Notice kind="error" testId="mapping-problems">
          <p className="sub-notice-title">{t('submissions.mapping.problems')}</p>
          <ul>
            {problems.map((p) => (
              <li key={`${p.kind}-${p.target}`}>{problemText(p)}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {uploaded && sending ? (
        <ProgressBar
          label={t('submissions.progress.upload')}
          value={uploadPct}
          text={t('submissions.progress.uploadText', { sent: fmt.number(Math.round(uploaded.sent / 1024)), total: fmt.number(Math.round(uploaded.total / 1024)) })}
          testId="upload-progress"
        />
      ) : null}
      {sendError ? <Notice kind="error">{sendError}</Notice> : null}
      <p className="form-actions">
        <button type="submit" disabled={sending}>
          {sending ? t('submissions.mapping.sending') : t('submissions.mapping.send')}
        </button>
        <span className="hint">{t(`submissions.mode.${mode}Short`)}</span>
      </p>
    </form>
  );
}

/** A constant for a dimension the file has no column for: a code from its list, or free text (LOCATION). */
function ConstantField({ dim, dimension, loading, label, value, onChange }: { dim: string; dimension: Dimension | undefined; loading: boolean; label: string; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  if (dimension && dimension.codes.length) {
    return (
      <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value)} data-dimension={dim}>
        <option value="">{t('submissions.mapping.noConstant')}</option>
        {dimension.codes.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({c.id})
          </option>
        ))}
      </SelectField>
    );
  }
  if (!dimension && loading) return <QueryState isLoading error={null} />;
  return <TextField label={label} hint={t('submissions.mapping.freeCodeHint')} value={value} maxLength={60} onChange={(e) => onChange(e.target.value)} data-dimension={dim} />;
}
