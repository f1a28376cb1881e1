import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PRACTICE_KINDS, PRACTICE_STATUSES, TARGET_GROUPS } from '../../../shared/practice-schema.ts';
import { ApiError, get, post, put, type Me } from '../../api/client.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { useCountries, useOrganisationList, useSession, useTitle } from '../../app/hooks.ts';
import { useObjectives, usePrinciples, type EditableRecord, type PracticeCreated, type PracticeMoved, type PracticeRecord, type PracticeSaved } from './api.ts';
import { emptyDraft, fromRecord, toInput, validate, type Draft } from './draft.ts';
import { CheckboxGroup, Section, TextArea } from './FormParts.tsx';
import { Attachments, ConflictPanel, Suggestions } from './EditPanels.tsx';
import { DeleteDraft } from './DeleteDraft.tsx';

function PracticeForm(props: { record?: EditableRecord; user: Me }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const countries = useCountries();
  const organisations = useOrganisationList();
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
      if (!rec) return post<PracticeCreated>('/api/v1/practices', body);
      return put<PracticeSaved>(`/api/v1/practices/${rec.id}`, { version, practice: body });
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
    mutationFn: () => post<PracticeMoved>(`/api/v1/practices/${rec!.id}/submit`),
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
            options={organisations.map((o) => ({ value: o.code, label: o.label }))}
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
          {/* Its authors and the secretariat may delete it while it is a draft (the server checks both). */}
          {rec && ['draft', 'changes_requested'].includes(workflow) ? <DeleteDraft practiceId={rec.id} title={draft.titleEs || draft.titleEn || rec.slug} /> : null}
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
