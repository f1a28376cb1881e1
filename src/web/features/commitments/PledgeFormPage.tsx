import { useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../components/Field.tsx';
import { useTitle } from '../../app/hooks.ts';
import { useMeetings, usePledge, usePledges, type PledgeDetail } from './api.ts';
import { ACTION_STATUSES, PLEDGE_KINDS } from './logic.ts';
import { CheckboxGroup, useCountryOptions, useObjectiveOptions, useOrganisationOptions } from './FormParts.tsx';
import { CheckboxField, CommitmentFormShell, EditWhenLoaded, TitleAndTextFields, useBilingual, useCommitmentForm } from './CommitmentForm.tsx';
import { CommitmentsSubNav } from './labels.tsx';

/** Secretariat: record a pledge (who, what, objectives, target, status). */
export function PledgeFormPage() {
  return <PledgeForm />;
}

/** Secretariat: change a pledge (`/pledges/:id/edit`) in the same form. */
export function PledgeEditPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const pledge = usePledge(id);
  return <EditWhenLoaded title={t('commitments.pledgeForm.editTitle')} item={pledge} form={(p) => <PledgeForm key={p.id} existing={p} />} />;
}

function PledgeForm({ existing }: { existing?: PledgeDetail }) {
  const { t } = useTranslation();
  const meetings = useMeetings();
  const pledges = usePledges();
  const countryOptions = useCountryOptions();
  const orgOptions = useOrganisationOptions();
  const objectiveOptions = useObjectiveOptions();
  const heading = existing ? t('commitments.pledgeForm.editTitle') : t('commitments.pledgeForm.title');
  useTitle(heading);
  const title = useBilingual(existing?.translations.title);
  const desc = useBilingual(existing?.translations.description);
  const [kind, setKind] = useState<string>(existing?.kind ?? '');
  const [countries, setCountries] = useState<string[]>(existing?.countries ?? []);
  const [organisations, setOrganisations] = useState<string[]>(existing?.organisations ?? []);
  const [jointly, setJointly] = useState(existing?.jointly ?? false);
  const [matches, setMatches] = useState(existing?.matchesPledge ?? '');
  const [meeting, setMeeting] = useState(existing?.meeting ?? '');
  const [objectives, setObjectives] = useState<string[]>(existing?.objectives.map(String) ?? []);
  const [target, setTarget] = useState(existing?.target ?? '');
  const [status, setStatus] = useState<string>(existing?.status ?? 'not_started');
  const [isPublic, setIsPublic] = useState(existing?.isPublic ?? false);
  const form = useCommitmentForm({ collection: 'pledges', existingId: existing?.id });

  const check = () => {
    const problems: Record<string, string> = {};
    if (title.blank) problems.title = t('commitments.form.titleRequired');
    if (!kind) problems.kind = t('commitments.pledgeForm.kindRequired');
    if (countries.length + organisations.length === 0) problems.countries = t('commitments.pledgeForm.pledgerRequired');
    return problems;
  };
  const body = () => ({
    title: title.value(),
    description: desc.value(),
    kind,
    countries,
    organisations,
    jointly,
    matchesPledge: matches || null,
    meeting: meeting || null,
    objectives: objectives.map(Number),
    target: target.trim() || null,
    status,
    isPublic,
  });
  return (
    <>
      <CommitmentsSubNav />
      <h1>{heading}</h1>
      <CommitmentFormShell form={form} check={check} body={body} submitText={existing ? t('commitments.pledgeForm.save') : t('commitments.pledgeForm.submit')}>
        <div className="two-cols">
          <TitleAndTextFields form={form} title={title} text={desc} textLabels={{ es: t('commitments.pledgeForm.descriptionEs'), en: t('commitments.pledgeForm.descriptionEn') }} />
          <SelectField label={t('commitments.pledge.type')} value={kind} onChange={(e) => setKind(e.target.value)} error={form.errorFor('kind')}>
            <option value="">{t('commitments.pledgeForm.chooseKind')}</option>
            {PLEDGE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`commitments.pledgeKind.${k}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('commitments.action.status')} value={status} onChange={(e) => setStatus(e.target.value)}>
            {ACTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`commitments.status.${s}`)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('commitments.pledge.meeting')} value={meeting} onChange={(e) => setMeeting(e.target.value)} error={form.errorFor('meeting')}>
            <option value="">{t('common.noneOption')}</option>
            {(meetings.data?.items ?? []).map((m) => (
              <option key={m.key} value={m.key}>
                {m.title}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('commitments.pledge.matches')} value={matches} onChange={(e) => setMatches(e.target.value)} error={form.errorFor('matchesPledge')}>
            <option value="">{t('common.noneOption')}</option>
            {(pledges.data?.items ?? []).filter((p) => p.id !== existing?.id).map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </SelectField>
        </div>
        <TextField label={t('commitments.pledge.target')} value={target} onChange={(e) => setTarget(e.target.value)} error={form.errorFor('target')} maxLength={2000} hint={t('commitments.pledgeForm.targetHint')} />
        <CheckboxGroup legend={t('commitments.pledgeForm.countries')} field="countries" options={countryOptions} selected={countries} onChange={setCountries} error={form.errorFor('countries')} scroll />
        <CheckboxGroup legend={t('commitments.pledgeForm.organisations')} field="organisations" options={orgOptions} selected={organisations} onChange={setOrganisations} error={form.errorFor('organisations')} scroll />
        <CheckboxField id="pledge-jointly" label={t('commitments.pledgeForm.jointly')} checked={jointly} onChange={setJointly} />
        <CheckboxGroup legend={t('commitments.form.objectives')} field="objectives" options={objectiveOptions} selected={objectives} onChange={setObjectives} error={form.errorFor('objectives')} scroll />
        <CheckboxField id="pledge-public" label={t('commitments.form.isPublic')} checked={isPublic} onChange={setIsPublic} />
      </CommitmentFormShell>
    </>
  );
}
