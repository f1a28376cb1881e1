import { useRef, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, patch, post } from '../../api/client.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { ErrorAlert } from '../../components/Alert.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { useTitle } from '../../app/hooks.ts';
import { useMeetings, usePledge, usePledges, type PledgeDetail } from './api.ts';
import { ACTION_STATUSES, localized, mergeLocalized, PLEDGE_KINDS } from './logic.ts';
import { CheckboxGroup, fieldError, TextArea, useCountryOptions, useObjectiveOptions, useOrganisationOptions } from './FormParts.tsx';
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
  useTitle(t('commitments.pledgeForm.editTitle'));
  if (!pledge.data) {
    return (
      <>
        <CommitmentsSubNav />
        <h1>{t('commitments.pledgeForm.editTitle')}</h1>
        <QueryState isLoading={pledge.isLoading} error={pledge.error} />
      </>
    );
  }
  return <PledgeForm key={pledge.data.id} existing={pledge.data} />;
}

function PledgeForm({ existing }: { existing?: PledgeDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const meetings = useMeetings();
  const pledges = usePledges();
  const countryOptions = useCountryOptions();
  const orgOptions = useOrganisationOptions();
  const objectiveOptions = useObjectiveOptions();
  const heading = existing ? t('commitments.pledgeForm.editTitle') : t('commitments.pledgeForm.title');
  useTitle(heading);
  const [titleEs, setTitleEs] = useState(existing?.translations.title.es ?? '');
  const [titleEn, setTitleEn] = useState(existing?.translations.title.en ?? '');
  const [descEs, setDescEs] = useState(existing?.translations.description.es ?? '');
  const [descEn, setDescEn] = useState(existing?.translations.description.en ?? '');
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
  const [local, setLocal] = useState<Record<string, string>>({});
  const summaryRef = useRef<HTMLDivElement>(null);

  const save = useMutation({
    mutationFn: (body: unknown) => (existing ? patch<{ id: string }>(`/api/v1/pledges/${existing.id}`, body) : post<{ id: string }>('/api/v1/pledges', body)),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: ['commitments'] });
      void navigate(`/pledges/${existing?.id ?? r.id}`);
    },
    onError: () => summaryRef.current?.focus(),
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!titleEs.trim() && !titleEn.trim()) problems.title = t('commitments.form.titleRequired');
    if (!kind) problems.kind = t('commitments.pledgeForm.kindRequired');
    if (countries.length + organisations.length === 0) problems.countries = t('commitments.pledgeForm.pledgerRequired');
    setLocal(problems);
    if (Object.keys(problems).length) {
      summaryRef.current?.focus();
      return;
    }
    save.mutate({
      // Editing keeps the translations this form does not show (pt, fr).
      title: existing ? mergeLocalized(existing.translations.title, titleEs, titleEn) : localized(titleEs, titleEn),
      description: existing ? mergeLocalized(existing.translations.description, descEs, descEn) : localized(descEs, descEn),
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
  };
  const hasLocal = Object.keys(local).length > 0;
  return (
    <>
      <CommitmentsSubNav />
      <h1>{heading}</h1>
      <form className="practice-form" onSubmit={submit} noValidate>
        <div tabIndex={-1} ref={summaryRef}>
          <ErrorAlert message={hasLocal || err?.issues.length ? t('commitments.form.checkFields') : err?.message} />
        </div>
        <div className="two-cols">
          <TextField label={t('commitments.form.titleEs')} value={titleEs} onChange={(e) => setTitleEs(e.target.value)} error={fieldError(err, 'title', local.title)} maxLength={300} />
          <TextField label={t('commitments.form.titleEn')} value={titleEn} onChange={(e) => setTitleEn(e.target.value)} maxLength={300} />
          <TextArea label={t('commitments.pledgeForm.descriptionEs')} value={descEs} onChange={(e) => setDescEs(e.target.value)} maxLength={5000} />
          <TextArea label={t('commitments.pledgeForm.descriptionEn')} value={descEn} onChange={(e) => setDescEn(e.target.value)} maxLength={5000} />
          <SelectField label={t('commitments.pledge.type')} value={kind} onChange={(e) => setKind(e.target.value)} error={fieldError(err, 'kind', local.kind)}>
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
          <SelectField label={t('commitments.pledge.meeting')} value={meeting} onChange={(e) => setMeeting(e.target.value)} error={fieldError(err, 'meeting')}>
            <option value="">{t('common.noneOption')}</option>
            {(meetings.data?.items ?? []).map((m) => (
              <option key={m.key} value={m.key}>
                {m.title}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('commitments.pledge.matches')} value={matches} onChange={(e) => setMatches(e.target.value)} error={fieldError(err, 'matchesPledge')}>
            <option value="">{t('common.noneOption')}</option>
            {(pledges.data?.items ?? []).filter((p) => p.id !== existing?.id).map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </SelectField>
        </div>
        <TextField label={t('commitments.pledge.target')} value={target} onChange={(e) => setTarget(e.target.value)} error={fieldError(err, 'target')} maxLength={2000} hint={t('commitments.pledgeForm.targetHint')} />
        <CheckboxGroup legend={t('commitments.pledgeForm.countries')} field="countries" options={countryOptions} selected={countries} onChange={setCountries} error={fieldError(err, 'countries', local.countries)} scroll />
        <CheckboxGroup legend={t('commitments.pledgeForm.organisations')} field="organisations" options={orgOptions} selected={organisations} onChange={setOrganisations} error={fieldError(err, 'organisations')} scroll />
        <div className="field">
          <input type="checkbox" id="pledge-jointly" checked={jointly} onChange={(e) => setJointly(e.target.checked)} /> <label htmlFor="pledge-jointly">{t('commitments.pledgeForm.jointly')}</label>
        </div>
        <CheckboxGroup legend={t('commitments.form.objectives')} field="objectives" options={objectiveOptions} selected={objectives} onChange={setObjectives} error={fieldError(err, 'objectives')} scroll />
        <div className="field">
          <input type="checkbox" id="pledge-public" checked={isPublic} onChange={(e) => setIsPublic(e.target.checked)} /> <label htmlFor="pledge-public">{t('commitments.form.isPublic')}</label>
        </div>
        <p className="form-actions">
          <button type="submit" disabled={save.isPending}>
            {existing ? t('commitments.pledgeForm.save') : t('commitments.pledgeForm.submit')}
          </button>
        </p>
      </form>
    </>
  );
}
