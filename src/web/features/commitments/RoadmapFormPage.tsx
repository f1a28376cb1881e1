import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, patch, post } from '../../api/client.ts';
import { TextField } from '../../components/Field.tsx';
import { ErrorAlert } from '../../components/Alert.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { useTitle } from '../../app/hooks.ts';
import { useOutcomes, useRoadmap, type Outcome, type RoadmapDetail } from './api.ts';
import { localized, mergeLocalized, periodProblem } from './logic.ts';
import { CheckboxGroup, fieldError, TextArea, useCountryOptions, useObjectiveOptions, useOrganisationOptions } from './FormParts.tsx';
import { CommitmentsSubNav } from './labels.tsx';

/** Secretariat: a new roadmap, typically from an outcome (`?outcome=key`) whose objectives it takes over. */
export function RoadmapFormPage() {
  return <RoadmapForm />;
}

/** Secretariat: change a roadmap (`/roadmaps/:id/edit`) in the same form. */
export function RoadmapEditPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const roadmap = useRoadmap(id);
  useTitle(t('commitments.roadmapForm.editTitle'));
  if (!roadmap.data) {
    return (
      <>
        <CommitmentsSubNav />
        <h1>{t('commitments.roadmapForm.editTitle')}</h1>
        <QueryState isLoading={roadmap.isLoading} error={roadmap.error} />
      </>
    );
  }
  return <RoadmapForm key={roadmap.data.id} existing={roadmap.data} />;
}

function RoadmapForm({ existing }: { existing?: RoadmapDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const fromOutcome = existing ? null : params.get('outcome');
  const outcomes = useOutcomes();
  const countryOptions = useCountryOptions();
  const orgOptions = useOrganisationOptions();
  const objectiveOptions = useObjectiveOptions();
  const heading = existing ? t('commitments.roadmapForm.editTitle') : t('commitments.roadmapForm.title');
  useTitle(heading);

  const [titleEs, setTitleEs] = useState(existing?.translations.title.es ?? '');
  const [titleEn, setTitleEn] = useState(existing?.translations.title.en ?? '');
  const [purposeEs, setPurposeEs] = useState(existing?.translations.purpose.es ?? '');
  const [purposeEn, setPurposeEn] = useState(existing?.translations.purpose.en ?? '');
  const [objectives, setObjectives] = useState<string[]>(existing?.objectives.map(String) ?? []);
  const [sources, setSources] = useState<string[]>(existing ? existing.sourceOutcomes.map((o) => o.key ?? o.id) : fromOutcome ? [fromOutcome] : []);
  const [leads, setLeads] = useState<string[]>(existing?.leadCountries ?? []);
  const [countries, setCountries] = useState<string[]>(existing?.countries ?? []);
  const [organisations, setOrganisations] = useState<string[]>(existing?.organisations ?? []);
  const [periodStart, setPeriodStart] = useState(existing?.periodStart ?? '');
  const [periodEnd, setPeriodEnd] = useState(existing?.periodEnd ?? '');
  const [isPublic, setIsPublic] = useState(existing?.isPublic ?? false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const summaryRef = useRef<HTMLDivElement>(null);

  // The outcome's objectives are the roadmap's starting point.
  const byRef = new Map<string, Outcome>();
  for (const o of outcomes.data?.items ?? []) {
    byRef.set(o.id, o);
    if (o.key) byRef.set(o.key, o);
  }
  const source = fromOutcome ? byRef.get(fromOutcome) : undefined;
  const prefilled = useRef(false);
  useEffect(() => {
    if (source && !prefilled.current) {
      prefilled.current = true;
      setObjectives(source.objectives.map(String));
    }
  }, [source]);

  const save = useMutation({
    mutationFn: (body: unknown) => (existing ? patch<{ id: string }>(`/api/v1/roadmaps/${existing.id}`, body) : post<{ id: string }>('/api/v1/roadmaps', body)),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['commitments'] });
      void navigate(`/roadmaps/${existing?.id ?? r.id}`, { state: existing ? { saved: true } : { created: true } });
    },
    onError: () => summaryRef.current?.focus(),
  });
  const err = save.error instanceof ApiError ? save.error : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!titleEs.trim() && !titleEn.trim()) problems.title = t('commitments.form.titleRequired');
    const p = periodProblem(periodStart, periodEnd);
    if (p) problems.periodEnd = t(`commitments.form.${p}`);
    setLocal(problems);
    if (Object.keys(problems).length) {
      summaryRef.current?.focus();
      return;
    }
    save.mutate({
      // Editing keeps the translations this form does not show (pt, fr).
      title: existing ? mergeLocalized(existing.translations.title, titleEs, titleEn) : localized(titleEs, titleEn),
      purpose: existing ? mergeLocalized(existing.translations.purpose, purposeEs, purposeEn) : localized(purposeEs, purposeEn),
      objectives: objectives.map(Number),
      outcomes: sources,
      leadCountries: leads,
      countries: countries.filter((c) => !leads.includes(c)),
      organisations,
      periodStart: periodStart || null,
      periodEnd: periodEnd || null,
      isPublic,
    });
  };
  const hasLocal = Object.keys(local).length > 0;
  const outcomeOptions = (outcomes.data?.items ?? []).map((o) => ({
    value: o.key ?? o.id,
    label: `${t(`commitments.outcomeKind.${o.kind}`)} — ${o.text.length > 140 ? `${o.text.slice(0, 140)}…` : o.text} (${o.meeting.title})`,
  }));
  const selectedFirst = [...outcomeOptions.filter((o) => sources.includes(o.value)), ...outcomeOptions.filter((o) => !sources.includes(o.value))];

  return (
    <>
      <CommitmentsSubNav />
      <h1>{heading}</h1>
      {source ? (
        <div className="panel" data-testid="source-outcome">
          <p>
            <strong>{t('commitments.roadmapForm.fromOutcome', { kind: t(`commitments.outcomeKind.${source.kind}`) })}</strong>
          </p>
          <blockquote className="cm-quote" lang={source.textLanguage ?? undefined}>
            {source.text}
          </blockquote>
          <p className="muted cm-small">{source.meeting.title}</p>
        </div>
      ) : null}
      <form className="practice-form" onSubmit={submit} noValidate>
        <div tabIndex={-1} ref={summaryRef}>
          <ErrorAlert message={hasLocal ? t('commitments.form.checkFields') : err ? (err.issues.length ? t('commitments.form.checkFields') : err.message) : null} />
        </div>
        <div className="two-cols">
          <TextField label={t('commitments.form.titleEs')} value={titleEs} onChange={(e) => setTitleEs(e.target.value)} error={fieldError(err, 'title', local.title)} maxLength={300} />
          <TextField label={t('commitments.form.titleEn')} value={titleEn} onChange={(e) => setTitleEn(e.target.value)} maxLength={300} />
          <TextArea label={t('commitments.form.purposeEs')} value={purposeEs} onChange={(e) => setPurposeEs(e.target.value)} maxLength={5000} />
          <TextArea label={t('commitments.form.purposeEn')} value={purposeEn} onChange={(e) => setPurposeEn(e.target.value)} maxLength={5000} />
          <TextField label={t('commitments.form.periodStart')} type="date" value={periodStart} onChange={(e) => setPeriodStart(e.target.value)} error={fieldError(err, 'periodStart')} />
          <TextField label={t('commitments.form.periodEnd')} type="date" value={periodEnd} onChange={(e) => setPeriodEnd(e.target.value)} error={fieldError(err, 'periodEnd', local.periodEnd)} />
        </div>
        <CheckboxGroup legend={t('commitments.form.outcomes')} field="outcomes" options={selectedFirst} selected={sources} onChange={setSources} error={fieldError(err, 'outcomes')} scroll />
        <CheckboxGroup legend={t('commitments.form.objectives')} field="objectives" options={objectiveOptions} selected={objectives} onChange={setObjectives} error={fieldError(err, 'objectives')} scroll />
        <CheckboxGroup legend={t('commitments.form.leadCountries')} field="leadCountries" options={countryOptions} selected={leads} onChange={setLeads} error={fieldError(err, 'leadCountries')} scroll />
        <CheckboxGroup legend={t('commitments.form.countries')} field="countries" options={countryOptions} selected={countries} onChange={setCountries} error={fieldError(err, 'countries')} scroll />
        <CheckboxGroup legend={t('commitments.form.organisations')} field="organisations" options={orgOptions} selected={organisations} onChange={setOrganisations} error={fieldError(err, 'organisations')} scroll />
        <div className="field">
          <input type="checkbox" id="roadmap-public" checked={isPublic} onChange={(e) => setIsPublic(e.target.checked)} />{' '}
          <label htmlFor="roadmap-public">{t('commitments.form.isPublic')}</label>
        </div>
        <p className="form-actions">
          <button type="submit" disabled={save.isPending}>
            {existing ? t('commitments.roadmapForm.save') : t('commitments.roadmapForm.submit')}
          </button>
        </p>
      </form>
    </>
  );
}
