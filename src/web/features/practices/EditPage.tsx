import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { practiceInput, PRACTICE_KINDS, PRACTICE_STATUSES, TARGET_GROUPS } from '../../../shared/practice-schema.ts';
import { ApiError, get, post, put, upload, type Me } from '../../api/client.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { useCountries, useOrganisations, useSession, useTitle } from '../../app/hooks.ts';
import { useObjectives, usePrinciples, type Attachment, type EditableRecord, type PracticeRecord } from './api.ts';
import { fieldLabel, formatValue } from './HistoryPage.tsx';

interface Draft {
  titleEs: string;
  titleEn: string;
  summaryEs: string;
  summaryEn: string;
  description: string;
  originalLanguage: string;
  kind: string;
  countries: string[];
  organisations: string[];
  objectives: number[];
  primaryObjective: string;
  principles: string[];
  targetGroups: string[];
  status: string;
  periodStart: string;
  periodEnd: string;
  leadInstitution: string;
  partners: string;
  links: { url: string; label: string }[];
  benefitEs: string;
  benefitEn: string;
  impactEs: string;
  impactEn: string;
  evaluated: '' | 'yes' | 'no';
  evaluationUrl: string;
  contact: string;
  source: string;
}

function emptyDraft(user: Me | null | undefined, lang: string): Draft {
  return {
    titleEs: '', titleEn: '', summaryEs: '', summaryEn: '', description: '', originalLanguage: lang, kind: 'good_practice',
    countries: user?.role === 'focal_point' && user.countryCode ? [user.countryCode] : [],
    organisations: user?.role === 'contributor' && user.organisation ? [user.organisation.code] : [],
    objectives: [], primaryObjective: '', principles: [], targetGroups: [], status: '', periodStart: '', periodEnd: '',
    leadInstitution: '', partners: '', links: [], benefitEs: '', benefitEn: '', impactEs: '', impactEn: '', evaluated: '', evaluationUrl: '', contact: '', source: '',
  };
}

function fromRecord(p: PracticeRecord): Draft {
  return {
    titleEs: p.title.es ?? '', titleEn: p.title.en ?? '', summaryEs: p.summary.es ?? '', summaryEn: p.summary.en ?? '',
    description: p.description ?? '', originalLanguage: p.originalLanguage || 'es', kind: p.kind,
    countries: p.countries ?? [], organisations: p.organisations ?? [], objectives: p.objectives ?? [],
    primaryObjective: p.primaryObjective ? String(p.primaryObjective) : '', principles: p.principles ?? [], targetGroups: p.targetGroups ?? [],
    status: p.status ?? '', periodStart: p.periodStart ?? '', periodEnd: p.periodEnd ?? '', leadInstitution: p.leadInstitution ?? '', partners: p.partners ?? '',
    links: (p.links ?? []).map((l) => ({ url: l.url, label: l.label ?? '' })),
    benefitEs: p.benefit?.es ?? '', benefitEn: p.benefit?.en ?? '', impactEs: p.impact?.es ?? '', impactEn: p.impact?.en ?? '',
    evaluated: p.evaluated === null || p.evaluated === undefined ? '' : p.evaluated ? 'yes' : 'no',
    evaluationUrl: p.evaluationUrl ?? '', contact: p.contact ?? '', source: p.source ?? '',
  };
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);
const loc = (es: string, en: string) => ({ ...(es.trim() ? { es: es.trim() } : {}), ...(en.trim() ? { en: en.trim() } : {}) });

/** The draft as the API's practiceInput. */
function toInput(d: Draft) {
  return {
    title: loc(d.titleEs, d.titleEn),
    summary: loc(d.summaryEs, d.summaryEn),
    description: orNull(d.description),
    originalLanguage: d.originalLanguage,
    kind: d.kind,
    countries: d.countries,
    organisations: d.organisations,
    objectives: [...d.objectives].sort((a, b) => a - b),
    primaryObjective: d.primaryObjective ? Number(d.primaryObjective) : null,
    principles: d.principles,
    targetGroups: d.targetGroups,
    status: d.status || null,
    periodStart: d.periodStart || null,
    periodEnd: d.periodEnd || null,
    leadInstitution: orNull(d.leadInstitution),
    partners: orNull(d.partners),
    links: d.links.filter((l) => l.url.trim() || l.label.trim()).map((l) => ({ url: l.url.trim(), label: orNull(l.label) })),
    benefit: loc(d.benefitEs, d.benefitEn),
    impact: loc(d.impactEs, d.impactEn),
    evaluated: d.evaluated === '' ? null : d.evaluated === 'yes',
    evaluationUrl: orNull(d.evaluationUrl),
    contact: orNull(d.contact),
    source: orNull(d.source),
  };
}

const ERROR_KEYS = new Set(['htmlNotAllowed', 'linkScheme', 'titleRequired', 'objectiveRequired', 'objectiveNotFound', 'periodOrder', 'primaryObjective', 'implementerRequired']);

/** The shared schema's verdict, in the reader's language, per field path. */
function validate(d: Draft, t: TFunction): Record<string, string> {
  const r = practiceInput.safeParse(toInput(d));
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const path = issue.path.join('.');
    const params = (issue as { params?: { key?: string; values?: Record<string, unknown> } }).params;
    const key = params?.key?.replace(/^errors\./, '');
    let message: string;
    if (key && ERROR_KEYS.has(key)) message = t(`practices.errors.${key}`, params?.values ?? {});
    else if (issue.code === 'too_big') message = t('practices.errors.tooLong', { max: Number((issue as { maximum?: number }).maximum ?? 0) });
    else message = t('practices.errors.invalid');
    out[path] ??= message;
  }
  return out;
}

function CheckboxGroup<V extends string | number>(props: {
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

function TextArea(props: { label: string; value: string; onChange: (v: string) => void; error?: string | undefined; hint?: string; rows?: number; lang?: string; name: string }) {
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

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="form-section">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** Objectives suggested from the text, each with a one-click add. */
function Suggestions({ draft, onAdd }: { draft: Draft; onAdd: (n: number) => void }) {
  const { t } = useTranslation();
  const objectives = useObjectives();
  const title = `${draft.titleEs} ${draft.titleEn}`.trim();
  const summary = `${draft.summaryEs} ${draft.summaryEn}`.trim();
  const [text, setText] = useState({ title, summary, description: draft.description });
  useEffect(() => {
    const h = window.setTimeout(() => setText({ title: title.slice(0, 300), summary: summary.slice(0, 2000), description: draft.description.slice(0, 50_000) }), 500);
    return () => window.clearTimeout(h);
  }, [title, summary, draft.description]);
  const enough = (text.title + text.summary).trim().length >= 8;
  const suggestions = useQuery({
    queryKey: ['practices', 'suggest', text],
    queryFn: () => post<{ items: { objective: number; score: number }[] }>('/api/v1/practices/suggest-objectives', text).then((r) => r.items),
    enabled: enough,
    staleTime: Infinity,
  });
  const titles = new Map((objectives.data ?? []).map((o) => [o.number, o.shortTitle]));
  const items = (suggestions.data ?? []).filter((s) => s.score > 0 && !draft.objectives.includes(s.objective)).slice(0, 5);
  return (
    <div className="suggestions" aria-live="polite" data-testid="suggestions">
      {enough && items.length ? (
        <>
          <p className="hint">{t('practices.form.suggested')}</p>
          <ul className="plain suggestion-list">
            {items.map((s) => (
              <li key={s.objective}>
                <button type="button" className="button-secondary button-small" onClick={() => onAdd(s.objective)}>
                  {t('practices.form.addSuggested', { number: s.objective, title: titles.get(s.objective) ?? '' })}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

/** The other person's saved version next to mine, field by field. */
function ConflictPanel({ theirs, mine, onReload }: { theirs: PracticeRecord; mine: ReturnType<typeof toInput>; onReload: () => void }) {
  const { t } = useTranslation();
  const norm = (v: unknown) => JSON.stringify(v ?? null);
  const fields = (Object.keys(mine) as (keyof typeof mine)[]).filter((k) => norm(mine[k]) !== norm((theirs as unknown as Record<string, unknown>)[k]));
  return (
    <section className="panel conflict" aria-labelledby="conflict-title" data-testid="conflict">
      <h2 id="conflict-title">{t('practices.form.conflictTitle')}</h2>
      <p>{t('practices.form.conflictText')}</p>
      <div className="table-wrap">
        <table>
          <caption>{t('practices.form.conflictCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('practices.history.field')}</th>
              <th scope="col">{t('practices.form.conflictTheirs')}</th>
              <th scope="col">{t('practices.form.conflictMine')}</th>
            </tr>
          </thead>
          <tbody>
            {fields.map((f) => (
              <tr key={f}>
                <th scope="row">{fieldLabel(f, t)}</th>
                <td>{formatValue((theirs as unknown as Record<string, unknown>)[f], t, f)}</td>
                <td>{formatValue(mine[f], t, f)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" onClick={onReload}>
        {t('practices.form.conflictReload')}
      </button>
    </section>
  );
}

function Attachments({ practiceId, initial }: { practiceId: string; initial: Attachment[] }) {
  const { t } = useTranslation();
  const [files, setFiles] = useState<Attachment[]>(initial);
  const input = useRef<HTMLInputElement>(null);
  const send = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return upload<Attachment>(`/api/v1/practices/${practiceId}/attachments`, form);
    },
    onSuccess: (a) => {
      setFiles((f) => [...f, a]);
      if (input.current) input.current.value = '';
    },
  });
  const error = send.error instanceof ApiError ? (send.error.issueFor('file') ?? send.error.message) : send.error ? t('errors.unexpected') : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const file = input.current?.files?.[0];
    if (file) send.mutate(file);
  };
  return (
    <section className="form-section panel" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t('practices.detail.attachments')}</h2>
      <form onSubmit={submit} className="inline-form">
        <div className="field">
          <label htmlFor="attachment-file">{t('practices.form.file')}</label>
          <p className="hint" id="attachment-hint">
            {t('practices.form.fileHint')}
          </p>
          <input id="attachment-file" type="file" ref={input} aria-describedby="attachment-hint" accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.webp" />
        </div>
        <div className="form-actions">
          <button type="submit" disabled={send.isPending}>
            {t('practices.form.upload')}
          </button>
        </div>
      </form>
      <ErrorAlert message={error} />
      {files.length ? (
        <ul data-testid="attachments">
          {files.map((f) => (
            <li key={f.id}>
              <a href={`/api/v1/practices/${practiceId}/attachments/${f.id}`} download>
                {f.filename}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function PracticeForm(props: { record?: EditableRecord; user: Me }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const countries = useCountries();
  const organisations = useOrganisations();
  const objectives = useObjectives();
  const principles = usePrinciples();
  const rec = props.record;
  const [draft, setDraft] = useState<Draft>(() => (rec ? fromRecord(rec.practice) : emptyDraft(props.user, i18n.language)));
  const [saved, setSaved] = useState<Draft | null>(() => (rec ? fromRecord(rec.practice) : null));
  const [version, setVersion] = useState(rec?.version ?? 0);
  const [workflow, setWorkflow] = useState(rec?.workflow ?? 'draft');
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<string | null>((location.state as { created?: boolean } | null)?.created ? t('practices.form.created') : null);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const isReviewer = props.user.role === 'admin' || props.user.role === 'secretariat';
  const locked = !!rec && !isReviewer && !['draft', 'changes_requested'].includes(workflow);

  const save = useMutation({
    mutationFn: async () => {
      const body = toInput(draft);
      if (!rec) return post<{ id: string; slug: string; version: number }>('/api/v1/practices', body);
      return put<{ id: string; version: number }>(`/api/v1/practices/${rec.id}`, { version, practice: body });
    },
    onSuccess: async (r) => {
      // Not the record being edited: its form keeps the person's state.
      await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'workspace' || (q.queryKey[0] === 'practices' && q.queryKey[1] !== 'edit') });
      if (!rec) {
        void navigate(`/practices/${r.id}/edit`, { replace: true, state: { created: true } });
        return;
      }
      setVersion(r.version);
      setSaved(draft);
      setStatus(t('common.saved'));
    },
  });
  const submitForReview = useMutation({
    mutationFn: () => post<{ workflow: EditableRecord['workflow'] }>(`/api/v1/practices/${rec!.id}/submit`),
    onSuccess: async (r) => {
      setWorkflow(r.workflow ?? 'submitted');
      setStatus(t('practices.form.submitted'));
      await queryClient.invalidateQueries({ queryKey: ['workspace'] });
    },
  });
  const serverError = save.error instanceof ApiError ? save.error : null;
  const conflict = serverError?.status === 409 && serverError.details?.current ? (serverError.details as { current: PracticeRecord; currentVersion: number }) : null;
  const err = (path: string) => {
    const own = clientErrors[path] ?? Object.entries(clientErrors).find(([k]) => k.startsWith(`${path}.`))?.[1];
    return own ?? (conflict ? undefined : serverError?.issueFor(path));
  };
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);

  const onSave = (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    const errors = validate(draft, t);
    setClientErrors(errors);
    if (Object.keys(errors).length) {
      save.reset();
      // Focus goes to the first field to fix.
      window.requestAnimationFrame(() => document.querySelector<HTMLElement>('.practice-form [aria-invalid="true"], .practice-form fieldset.field-invalid input')?.focus());
      return;
    }
    save.mutate();
  };
  const reloadTheirs = () => {
    if (!conflict) return;
    const theirs = fromRecord(conflict.current);
    setDraft(theirs);
    setSaved(theirs);
    setVersion(conflict.currentVersion);
    save.reset();
    setStatus(t('practices.form.reloaded'));
  };

  const memberCountries = (countries.data ?? []).filter((c) => c.memberships.length > 0 || draft.countries.includes(c.code));
  const hasClientErrors = Object.keys(clientErrors).length > 0;

  return (
    <>
      {rec?.reviewComment && workflow === 'changes_requested' ? (
        <section className="panel review-comment" aria-labelledby="review-comment-title" data-testid="review-comment">
          <h2 id="review-comment-title">{t('practices.form.reviewComment')}</h2>
          <p>{rec.reviewComment}</p>
        </section>
      ) : null}
      {rec ? (
        <p>
          {t('practices.form.workflowIs', { workflow: t(`practices.workflow.${workflow}`) })}{' '}
          {workflow === 'published' ? <Link to={`/practices/${rec.slug}`}>{t('practices.form.viewPublished')}</Link> : null}
        </p>
      ) : null}
      {locked ? <p className="alert alert-error">{t('practices.form.locked')}</p> : null}
      <StatusMessage>{status}</StatusMessage>
      {conflict ? <ConflictPanel theirs={conflict.current} mine={toInput(draft)} onReload={reloadTheirs} /> : null}
      <ErrorAlert message={hasClientErrors ? t('practices.form.fixErrors') : conflict ? null : (save.error?.message ?? null)} />

      <form onSubmit={onSave} noValidate className="practice-form" aria-label={t('practices.form.formLabel')}>
        <Section title={t('practices.form.sectionText')}>
          <div className="two-cols">
            <TextField label={t('practices.form.titleEs')} name="titleEs" lang="es" maxLength={300} value={draft.titleEs} onChange={(e) => set('titleEs', e.target.value)} error={err('title.es') ?? err('title')} />
            <TextField label={t('practices.form.titleEn')} name="titleEn" lang="en" maxLength={300} value={draft.titleEn} onChange={(e) => set('titleEn', e.target.value)} error={err('title.en')} />
            <TextArea label={t('practices.form.summaryEs')} name="summaryEs" lang="es" value={draft.summaryEs} onChange={(v) => set('summaryEs', v)} error={err('summary.es')} />
            <TextArea label={t('practices.form.summaryEn')} name="summaryEn" lang="en" value={draft.summaryEn} onChange={(v) => set('summaryEn', v)} error={err('summary.en')} />
          </div>
          <TextArea label={t('practices.field.description')} name="description" hint={t('practices.form.descriptionHint')} rows={8} value={draft.description} onChange={(v) => set('description', v)} error={err('description')} />
          <div className="two-cols">
            <SelectField label={t('practices.field.kind')} name="kind" value={draft.kind} onChange={(e) => set('kind', e.target.value)} error={err('kind')}>
              {PRACTICE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`practices.kind.${k}`)}
                </option>
              ))}
            </SelectField>
            <SelectField label={t('practices.field.originalLanguage')} name="originalLanguage" value={draft.originalLanguage} onChange={(e) => set('originalLanguage', e.target.value)}>
              {['es', 'en', 'pt', 'fr'].map((l) => (
                <option key={l} value={l}>
                  {t(`practices.language.${l}`)}
                </option>
              ))}
            </SelectField>
          </div>
        </Section>

        <Section title={t('practices.form.sectionWho')}>
          <CheckboxGroup
            legend={t('practices.field.countries')}
            name="countries"
            scroll
            options={memberCountries.map((c) => ({ value: c.code, label: c.name }))}
            selected={draft.countries}
            onChange={(v) => set('countries', v)}
            error={err('countries')}
          />
          <CheckboxGroup
            legend={t('practices.field.organisations')}
            name="organisations"
            scroll
            options={(organisations.data ?? []).map((o) => ({ value: o.code, label: o.acronym ? `${o.name} (${o.acronym})` : o.name }))}
            selected={draft.organisations}
            onChange={(v) => set('organisations', v)}
            error={err('organisations')}
          />
          <div className="two-cols">
            <TextField label={t('practices.field.leadInstitution')} name="leadInstitution" maxLength={300} value={draft.leadInstitution} onChange={(e) => set('leadInstitution', e.target.value)} error={err('leadInstitution')} />
            <TextField label={t('practices.field.partners')} name="partners" maxLength={1000} value={draft.partners} onChange={(e) => set('partners', e.target.value)} error={err('partners')} />
          </div>
        </Section>

        <Section title={t('practices.form.sectionGcm')}>
          <Suggestions draft={draft} onAdd={(n) => set('objectives', draft.objectives.includes(n) ? draft.objectives : [...draft.objectives, n])} />
          <CheckboxGroup
            legend={t('practices.field.objectives')}
            name="objectives"
            options={(objectives.data ?? []).map((o) => ({ value: o.number, label: t('practices.objectiveLabel', { number: o.number, title: o.shortTitle }) }))}
            selected={draft.objectives}
            onChange={(v) => set('objectives', v)}
            error={err('objectives')}
          />
          <SelectField label={t('practices.field.primaryObjective')} name="primaryObjective" value={draft.primaryObjective} onChange={(e) => set('primaryObjective', e.target.value)} error={err('primaryObjective')}>
            <option value="">{t('common.noneOption')}</option>
            {[...draft.objectives].sort((a, b) => a - b).map((n) => (
              <option key={n} value={n}>
                {t('practices.objectiveLabel', { number: n, title: objectives.data?.find((o) => o.number === n)?.shortTitle ?? '' })}
              </option>
            ))}
          </SelectField>
          <CheckboxGroup
            legend={t('practices.field.principles')}
            name="principles"
            options={(principles.data ?? []).map((p) => ({ value: p.code, label: p.title }))}
            selected={draft.principles}
            onChange={(v) => set('principles', v)}
            error={err('principles')}
          />
          <CheckboxGroup
            legend={t('practices.field.targetGroups')}
            name="targetGroups"
            options={TARGET_GROUPS.map((g) => ({ value: g, label: t(`practices.targetGroup.${g}`) }))}
            selected={draft.targetGroups}
            onChange={(v) => set('targetGroups', v)}
            error={err('targetGroups')}
          />
        </Section>

        <Section title={t('practices.form.sectionWhen')}>
          <div className="three-cols">
            <SelectField label={t('practices.field.status')} name="status" value={draft.status} onChange={(e) => set('status', e.target.value)} error={err('status')}>
              <option value="">{t('common.noneOption')}</option>
              {PRACTICE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`practices.status.${s}`)}
                </option>
              ))}
            </SelectField>
            <TextField label={t('practices.field.periodStart')} name="periodStart" type="date" value={draft.periodStart} onChange={(e) => set('periodStart', e.target.value)} error={err('periodStart')} />
            <TextField label={t('practices.field.periodEnd')} name="periodEnd" type="date" hint={t('practices.form.periodEndHint')} value={draft.periodEnd} onChange={(e) => set('periodEnd', e.target.value)} error={err('periodEnd')} />
          </div>
        </Section>

        <Section title={t('practices.field.links')}>
          {draft.links.map((l, i) => (
            <div key={i} className="inline-form link-row">
              <TextField label={t('practices.form.linkUrl', { n: i + 1 })} type="url" value={l.url} onChange={(e) => set('links', draft.links.map((x, j) => (j === i ? { ...x, url: e.target.value } : x)))} error={err(`links.${i}.url`)} />
              <TextField label={t('practices.form.linkLabel', { n: i + 1 })} value={l.label} onChange={(e) => set('links', draft.links.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))} error={err(`links.${i}.label`)} />
              <div className="form-actions">
                <button type="button" className="button-secondary button-small" onClick={() => set('links', draft.links.filter((_, j) => j !== i))}>
                  {t('practices.form.removeLink', { n: i + 1 })}
                </button>
              </div>
            </div>
          ))}
          <button type="button" className="button-secondary" onClick={() => set('links', [...draft.links, { url: '', label: '' }])}>
            {t('practices.form.addLink')}
          </button>
        </Section>

        <Section title={t('practices.form.sectionResults')}>
          <div className="two-cols">
            <TextArea label={t('practices.form.benefitEs')} name="benefitEs" lang="es" value={draft.benefitEs} onChange={(v) => set('benefitEs', v)} error={err('benefit.es')} />
            <TextArea label={t('practices.form.benefitEn')} name="benefitEn" lang="en" value={draft.benefitEn} onChange={(v) => set('benefitEn', v)} error={err('benefit.en')} />
            <TextArea label={t('practices.form.impactEs')} name="impactEs" lang="es" value={draft.impactEs} onChange={(v) => set('impactEs', v)} error={err('impact.es')} />
            <TextArea label={t('practices.form.impactEn')} name="impactEn" lang="en" value={draft.impactEn} onChange={(v) => set('impactEn', v)} error={err('impact.en')} />
            <SelectField label={t('practices.field.evaluated')} name="evaluated" value={draft.evaluated} onChange={(e) => set('evaluated', e.target.value as Draft['evaluated'])}>
              <option value="">{t('practices.form.evaluatedUnknown')}</option>
              <option value="yes">{t('practices.detail.evaluatedYes')}</option>
              <option value="no">{t('practices.detail.evaluatedNo')}</option>
            </SelectField>
            <TextField label={t('practices.field.evaluationUrl')} name="evaluationUrl" type="url" value={draft.evaluationUrl} onChange={(e) => set('evaluationUrl', e.target.value)} error={err('evaluationUrl')} />
            <TextField label={t('practices.field.contact')} name="contact" hint={t('practices.form.contactHint')} maxLength={500} value={draft.contact} onChange={(e) => set('contact', e.target.value)} error={err('contact')} />
            <TextField label={t('practices.field.source')} name="source" maxLength={500} value={draft.source} onChange={(e) => set('source', e.target.value)} error={err('source')} />
          </div>
        </Section>

        <div className="form-actions sticky-actions">
          <button type="submit" disabled={save.isPending || locked}>
            {rec ? t('common.save') : t('practices.form.createDraft')}
          </button>
          {rec && ['draft', 'changes_requested'].includes(workflow) ? (
            <button type="button" className="button-secondary" disabled={dirty || submitForReview.isPending} onClick={() => submitForReview.mutate()} aria-describedby={dirty ? 'submit-hint' : undefined}>
              {t('practices.form.submit')}
            </button>
          ) : null}
          {rec && dirty && ['draft', 'changes_requested'].includes(workflow) ? (
            <span id="submit-hint" className="hint">
              {t('practices.form.saveBeforeSubmit')}
            </span>
          ) : null}
        </div>
        <ErrorAlert message={submitForReview.error?.message} />
      </form>
      {rec && !locked ? <Attachments practiceId={rec.id} initial={rec.attachments ?? []} /> : null}
    </>
  );
}

export function EditPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const session = useSession();
  const user = session.data?.user;
  const isNew = !id;
  useTitle(isNew ? t('practices.form.newTitle') : t('practices.form.editTitle'));
  const record = useQuery({
    queryKey: ['practices', 'edit', id],
    queryFn: () => get<EditableRecord>(`/api/v1/practices/${id}/edit`),
    enabled: !!id,
    staleTime: 0,
    gcTime: 0,
  });
  return (
    <>
      <h1>{isNew ? t('practices.form.newTitle') : t('practices.form.editTitle')}</h1>
      <p>
        <Link to="/workspace">{t('practices.workspace.title')}</Link>
      </p>
      {!user ? null : isNew ? (
        <PracticeForm user={user} />
      ) : record.data ? (
        <PracticeForm key={`${record.data.id}:${record.data.version}`} user={user} record={record.data} />
      ) : (
        <QueryState isLoading={record.isLoading} error={record.error} />
      )}
    </>
  );
}
