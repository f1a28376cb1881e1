import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, post } from '../../api/client.ts';
import { QueryState } from '../../components/Loading.tsx';
import { TextField } from '../../components/Field.tsx';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { useSession, useTitle } from '../../app/hooks.ts';
import { useMeetings, useOrganisationName, usePledge, usePledges, type Pledge } from './api.ts';
import { canReportOnPledge, isHttpUrl, isSecretariat, todayIso } from './logic.ts';
import { EvidenceLink } from './ActionView.tsx';
import { fieldError, TextArea } from './FormParts.tsx';
import { CommitmentsSubNav, CountryLinks, Fact, ObjectiveList, PublicBadge, StatusBadge, useDay } from './labels.tsx';

function Pledgers({ p }: { p: Pick<Pledge, 'countries' | 'organisations'> }) {
  const orgName = useOrganisationName();
  return (
    <>
      <CountryLinks codes={p.countries} />
      {p.countries.length && p.organisations.length ? ', ' : ''}
      {p.organisations.map(orgName).join(', ')}
    </>
  );
}

export function PledgesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const pledges = usePledges();
  const day = useDay();
  useTitle(t('commitments.pledges.title'));
  const items = pledges.data?.items ?? [];
  return (
    <>
      <CommitmentsSubNav />
      <h1>{t('commitments.pledges.title')}</h1>
      <p className="lead">{t('commitments.pledges.intro')}</p>
      {isSecretariat(session.data?.user) ? (
        <p>
          <Link className="button" to="/pledges/new">
            {t('commitments.pledges.new')}
          </Link>
        </p>
      ) : null}
      <QueryState isLoading={pledges.isLoading} error={pledges.error} />
      {pledges.data && items.length === 0 ? <p>{session.data?.user ? t('commitments.pledges.none') : t('commitments.pledges.noneSignIn')}</p> : null}
      <ul className="plain cm-cards">
        {items.map((p) => (
          <li key={p.id} className="cm-card">
            <h2 className="cm-card-title">
              <Link to={`/pledges/${p.id}`}>{p.title}</Link>
            </h2>
            <p className="cm-small">
              <StatusBadge status={p.status} /> <PublicBadge isPublic={p.isPublic} /> {t(`commitments.pledgeKind.${p.kind}`)}
            </p>
            <p className="cm-small">
              {t('commitments.pledge.pledgers')}: <Pledgers p={p} />
            </p>
            <p className="muted cm-small">
              {t('commitments.pledge.reports', { count: p.reports })}
              {p.lastReport ? ` · ${t('commitments.pledge.lastReport', { date: day(p.lastReport) })}` : ''}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

function ProgressForm({ pledgeId }: { pledgeId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [date, setDate] = useState(todayIso());
  const [evidence, setEvidence] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (body: unknown) => post(`/api/v1/pledges/${pledgeId}/progress`, body),
    onSuccess: async () => {
      setText('');
      setEvidence('');
      await queryClient.invalidateQueries({ queryKey: ['commitments'] });
    },
  });
  const err = save.error instanceof ApiError ? save.error : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    if (!text.trim()) problems.text = t('commitments.update.textRequired');
    if (evidence.trim() && !isHttpUrl(evidence.trim())) problems.evidenceUrl = t('commitments.update.badLink');
    setLocal(problems);
    if (Object.keys(problems).length) return;
    save.mutate({ text: text.trim(), date: date || undefined, evidenceUrl: evidence.trim() || null });
  };
  return (
    <form onSubmit={submit} noValidate className="panel">
      <h2>{t('commitments.pledge.report')}</h2>
      <ErrorAlert message={Object.keys(local).length || err?.issues.length ? t('commitments.form.checkFields') : err?.message} />
      <TextArea label={t('commitments.update.text')} value={text} onChange={(e) => setText(e.target.value)} error={fieldError(err, 'text', local.text)} rows={3} maxLength={5000} />
      <div className="two-cols">
        <TextField label={t('commitments.update.date')} type="date" value={date} max={todayIso()} onChange={(e) => setDate(e.target.value)} error={fieldError(err, 'date')} />
        <TextField label={t('commitments.update.evidenceUrl')} type="url" value={evidence} onChange={(e) => setEvidence(e.target.value)} error={fieldError(err, 'evidenceUrl', local.evidenceUrl)} />
      </div>
      <p className="form-actions">
        <button type="submit" disabled={save.isPending}>
          {t('commitments.update.submit')}
        </button>
      </p>
      <StatusMessage>{save.isSuccess ? t('commitments.update.saved') : null}</StatusMessage>
    </form>
  );
}

export function PledgePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useSession();
  const day = useDay();
  const meetings = useMeetings();
  const pledge = usePledge(id);
  const p = pledge.data;
  useTitle(p?.title ?? t('commitments.pledges.title'));
  if (!p) {
    return (
      <>
        <CommitmentsSubNav />
        <h1>{t('commitments.pledges.title')}</h1>
        <QueryState isLoading={pledge.isLoading} error={pledge.error} />
      </>
    );
  }
  const meeting = meetings.data?.items.find((m) => m.key === p.meeting);
  return (
    <article>
      <CommitmentsSubNav />
      <p className="practice-kind">{t('commitments.pledge.kind')}</p>
      <h1>{p.title}</h1>
      <p>
        <StatusBadge status={p.status} /> <PublicBadge isPublic={p.isPublic} />
        {isSecretariat(session.data?.user) ? (
          <>
            {' '}
            <Link className="button-secondary button-small" to={`/pledges/${p.id}/edit`}>
              {t('commitments.pledge.edit')}
            </Link>
          </>
        ) : null}
      </p>
      {p.description ? <p className="lead">{p.description}</p> : null}
      <dl className="facts-grid">
        <Fact label={t('commitments.pledge.type')}>{t(`commitments.pledgeKind.${p.kind}`)}</Fact>
        <Fact label={t('commitments.pledge.pledgers')}>
          <Pledgers p={p} />
          {p.jointly ? ` (${t('commitments.pledge.jointly')})` : ''}
        </Fact>
        <Fact label={t('commitments.pledge.matches')}>{p.matchesPledge ? <Link to={`/pledges/${p.matchesPledge}`}>{t('commitments.pledge.matchesLink')}</Link> : null}</Fact>
        <Fact label={t('commitments.pledge.meeting')}>{p.meeting ? <Link to={`/meetings/${p.meeting}`}>{meeting?.title ?? p.meeting}</Link> : null}</Fact>
        <Fact label={t('commitments.pledge.target')}>{p.target}</Fact>
        <Fact label={t('commitments.roadmap.objectives')}>{p.objectives.length ? <ObjectiveList numbers={p.objectives} /> : null}</Fact>
      </dl>
      <section aria-labelledby="pledge-progress">
        <h2 id="pledge-progress">{t('commitments.pledge.progress', { count: p.progress.length })}</h2>
        {p.progress.length === 0 ? <p>{t('commitments.pledges.noProgress')}</p> : null}
        <ol className="plain cm-updates">
          {p.progress.map((r) => (
            <li key={r.id} className="cm-update">
              <p className="cm-small">
                <strong>
                  <time dateTime={r.date}>{day(r.date)}</time>
                </strong>
                {r.author ? <span className="muted"> · {r.author}</span> : null}
              </p>
              <p className="cm-update-text">{r.text}</p>
              {r.evidenceUrl ? (
                <p>
                  <EvidenceLink url={r.evidenceUrl} />
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      {canReportOnPledge(session.data?.user, p) ? <ProgressForm pledgeId={p.id} /> : null}
    </article>
  );
}
