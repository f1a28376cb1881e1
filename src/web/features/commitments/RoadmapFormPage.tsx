import { useEffect, useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/Field.tsx';
import { useTitle } from '../../app/hooks.ts';
import { useOutcomes, useRoadmap, type Outcome, type RoadmapDetail } from './api.ts';
import { periodProblem } from './logic.ts';
import { CheckboxGroup, useCountryOptions, useObjectiveOptions, useOrganisationOptions } from './FormParts.tsx';
import { CheckboxField, CommitmentFormShell, EditWhenLoaded, TitleAndTextFields, useBilingual, useCommitmentForm } from './CommitmentForm.tsx';
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
  return <EditWhenLoaded title={t('commitments.roadmapForm.editTitle')} item={roadmap} form={(r) => <RoadmapForm key={r.id} existing={r} />} />;
}

function RoadmapForm({ existing }: { existing?: RoadmapDetail }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const fromOutcome = existing ? null : params.get('outcome');
  const outcomes = useOutcomes();
  const countryOptions = useCountryOptions();
  const orgOptions = useOrganisationOptions();
  const objectiveOptions = useObjectiveOptions();
  const heading = existing ? t('commitments.roadmapForm.editTitle') : t('commitments.roadmapForm.title');
  useTitle(heading);

  const title = useBilingual(existing?.translations.title);
  const purpose = useBilingual(existing?.translations.purpose);
  const [objectives, setObjectives] = useState<string[]>(existing?.objectives.map(String) ?? []);
  const [sources, setSources] = useState<string[]>(existing ? existing.sourceOutcomes.map((o) => o.key ?? o.id) : fromOutcome ? [fromOutcome] : []);
  const [leads, setLeads] = useState<string[]>(existing?.leadCountries ?? []);
  const [countries, setCountries] = useState<string[]>(existing?.countries ?? []);
  const [organisations, setOrganisations] = useState<string[]>(existing?.organisations ?? []);
  const [periodStart, setPeriodStart] = useState(existing?.periodStart ?? '');
  const [periodEnd, setPeriodEnd] = useState(existing?.periodEnd ?? '');
  const [isPublic, setIsPublic] = useState(existing?.isPublic ?? false);
  // The roadmap's page says whether it was just created or saved.
  const form = useCommitmentForm({ collection: 'roadmaps', existingId: existing?.id, savedState: existing ? { saved: true } : { created: true } });

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

  const check = () => {
    const problems: Record<string, string> = {};
    if (title.blank) problems.title = t('commitments.form.titleRequired');
    const p = periodProblem(periodStart, periodEnd);
    if (p) problems.periodEnd = t(`commitments.form.${p}`);
    return problems;
  };
  const body = () => ({
    title: title.value(),
    purpose: purpose.value(),
    objectives: objectives.map(Number),
    outcomes: sources,
    leadCountries: leads,
    countries: countries.filter((c) => !leads.includes(c)),
    organisations,
    periodStart: periodStart || null,
    periodEnd: periodEnd || null,
    isPublic,
  });
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
      <CommitmentFormShell form={form} check={check} body={body} submitText={existing ? t('commitments.roadmapForm.save') : t('commitments.roadmapForm.submit')}>
        <div className="two-cols">
          <TitleAndTextFields form={form} title={title} text={purpose} textLabels={{ es: t('commitments.form.purposeEs'), en: t('commitments.form.purposeEn') }} />
          <TextField label={t('commitments.form.periodStart')} type="date" value={periodStart} onChange={(e) => setPeriodStart(e.target.value)} error={form.errorFor('periodStart')} />
          <TextField label={t('commitments.form.periodEnd')} type="date" value={periodEnd} onChange={(e) => setPeriodEnd(e.target.value)} error={form.errorFor('periodEnd')} />
        </div>
        <CheckboxGroup legend={t('commitments.form.outcomes')} field="outcomes" options={selectedFirst} selected={sources} onChange={setSources} error={form.errorFor('outcomes')} scroll />
        <CheckboxGroup legend={t('commitments.form.objectives')} field="objectives" options={objectiveOptions} selected={objectives} onChange={setObjectives} error={form.errorFor('objectives')} scroll />
        <CheckboxGroup legend={t('commitments.form.leadCountries')} field="leadCountries" options={countryOptions} selected={leads} onChange={setLeads} error={form.errorFor('leadCountries')} scroll />
        <CheckboxGroup legend={t('commitments.form.countries')} field="countries" options={countryOptions} selected={countries} onChange={setCountries} error={form.errorFor('countries')} scroll />
        <CheckboxGroup legend={t('commitments.form.organisations')} field="organisations" options={orgOptions} selected={organisations} onChange={setOrganisations} error={form.errorFor('organisations')} scroll />
        <CheckboxField id="roadmap-public" label={t('commitments.form.isPublic')} checked={isPublic} onChange={setIsPublic} />
      </CommitmentFormShell>
    </>
  );
}
