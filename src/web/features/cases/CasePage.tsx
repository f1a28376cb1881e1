import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, get, post } from '../../api/client.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { SelectField } from '../../components/Field.tsx';
import { useCountryName, useFormat, useTitle } from '../../app/hooks.ts';
import { REMAINS_STATUSES, REPORT_STATUSES, useCodeLabel, type Candidate, type CasePage as CasePageOut, type CaseRecord, type FullPage, type Mark } from './api.ts';
import { CasesGate } from './CasesHome.tsx';
import { reasonText } from './labels.ts';
import { PairView } from './PairView.tsx';
import { SharingForm } from './SharingForm.tsx';
import { RecordForm } from './RecordForm.tsx';

/**
 * One record. Its content is asked for with a reason (kept, encrypted, shown to the author's
 * country in the list of reads); the author's side sees everything, its history and its reads,
 * corrects it, changes its status, withdraws it and works its candidates; another country sees
 * the comparison fields only (docs/adr/0014).
 */
function ReasonForm({ onReason, pending, error, label }: { onReason: (r: string) => void; pending: boolean; error: Error | null; label: string }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onReason(reason);
  };
  const issue = error instanceof ApiError ? (error.issueFor('reason') ?? error.message) : (error?.message ?? null);
  return (
    <form onSubmit={submit} noValidate aria-label={label}>
      <div className={`field${issue ? ' field-invalid' : ''}`}>
        <label htmlFor="case-reason">{t('cases.read.reason')}</label>
        <p className="hint" id="case-reason-hint">
          {t('cases.read.reasonHint')}
        </p>
        <textarea id="case-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby="case-reason-hint" aria-invalid={issue ? true : undefined} />
      </div>
      <ErrorAlert message={issue} />
      <button type="submit" disabled={pending}>
        {label}
      </button>
    </form>
  );
}

function Facts({ r }: { r: CaseRecord }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const country = useCountryName();
  const label = useCodeLabel();
  // each view holds only its own parts (src/shared/contracts/cases.ts)
  const c = r.view === 'withdrawn' ? undefined : r.comparison;
  const p = r.view === 'full' || r.view === 'candidate' ? r.personal : undefined;
  const own = r.view === 'full' ? r : undefined;
  const rows: [string, string | undefined][] = [];
  if (own) rows.push([t('cases.fields.caseRef'), own.caseRef]);
  if (p?.givenNames || p?.familyNames) rows.push([t('cases.fields.name'), `${p.givenNames ?? ''} ${p.familyNames ?? ''}`.trim()]);
  if (p?.dateOfBirth) rows.push([t('cases.fields.dateOfBirth'), fmt.date(p.dateOfBirth)]);
  if (p?.nationality) rows.push([t('cases.fields.nationality'), country(p.nationality)]);
  if (c) {
    rows.push([t('cases.fields.sex'), t(`cases.sex.${c.sex}`)]);
    rows.push([t('cases.fields.age'), `${c.ageMin}–${c.ageMax}`]);
    if (c.heightMin !== null) rows.push([t('cases.fields.height'), `${c.heightMin}–${c.heightMax} cm`]);
    rows.push([t(r.kind === 'report' ? 'cases.fields.lastContactDate' : 'cases.fields.foundDate'), fmt.date(c.date)]);
    if (c.lat !== null) rows.push([t('cases.fields.coarsePoint'), `${c.lat}, ${c.lon}`]);
    if (c.routePoints.length) rows.push([t('cases.fields.routePoints'), c.routePoints.map((q) => `${q.lat}, ${q.lon}`).join(' · ')]);
    if (c.destinationCountry) rows.push([t('cases.fields.destination'), country(c.destinationCountry)]);
    if (c.incidentId) rows.push([t('cases.fields.incidentId'), c.incidentId]);
    if (c.pmiMinDays !== null) rows.push([t('cases.fields.pmi'), `${c.pmiMinDays}–${c.pmiMaxDays}`]);
    rows.push([t('cases.fields.markCodes'), c.markCodes.map(label).join(', ') || '—']);
    rows.push([t('cases.fields.belongingCodes'), c.belongingCodes.map(label).join(', ') || '—']);
    rows.push([t('cases.fields.dnaSample'), t(c.dnaSample ? 'cases.yes' : 'cases.no')]);
  }
  if (p) {
    rows.push([t('cases.fields.place'), p.place], [t('cases.fields.route'), p.route], [t('cases.fields.marksText'), p.marksText], [t('cases.fields.clothing'), p.clothing]);
    rows.push([t('cases.fields.belongingsText'), p.belongingsText], [t('cases.fields.dentalMedical'), p.dentalMedical], [t('cases.fields.documents'), p.documents]);
    if (p.dna) rows.push([t('cases.fields.dna'), `${p.dna.lab} · ${p.dna.reference}`]);
  }
  if (own?.family) rows.push([t('cases.fields.familyContact'), [own.family.name, own.family.relationship, own.family.phone, own.family.email].filter(Boolean).join(' · ')]);
  if (own) rows.push([t('cases.fields.shareCountries'), own.sharing.countries.map(country).join(', ') || t('cases.noSharing')]);
  return (
    <dl className="case-facts">
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}

function Candidates({ record, reason }: { record: FullPage; reason: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const country = useCountryName();
  const label = useCodeLabel();
  const [message, setMessage] = useState<string | null>(null);
  const [comparing, setComparing] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['cases', 'candidates', record.id], queryFn: () => get<{ items: Candidate[] }>(`/api/v1/cases/records/${record.id}/candidates`).then((r) => r.items) });
  const act = useMutation({
    mutationFn: ({ c, what, mark }: { c: Candidate; what: 'open' | 'mark'; mark?: Mark }) =>
      post(`/api/v1/cases/candidates/${c.reportId}/${c.remainsId}/${what}`, what === 'open' ? { reason } : { mark }),
    onSuccess: async (_r, v) => {
      setMessage(v.what === 'open' ? t('cases.candidates.opened') : t('cases.candidates.marked', { mark: t(`cases.marks.${v.mark}`) }));
      await queryClient.invalidateQueries({ queryKey: ['cases', 'candidates', record.id] });
    },
  });
  const items = list.data ?? [];
  const mine = (c: Candidate) => (record.kind === 'report' ? c.openedByReportSide : c.openedByRemainsSide);
  return (
    <section aria-labelledby="cases-candidates">
      <h2 id="cases-candidates">{t('cases.candidates.title')}</h2>
      <p className="hint">{t('cases.candidates.intro')}</p>
      <StatusMessage>{message}</StatusMessage>
      <ErrorAlert message={act.error?.message ?? list.error?.message ?? null} />
      {list.data && items.length === 0 ? <p>{t('cases.candidates.none')}</p> : null}
      <ol className="case-candidates" data-testid="case-candidates">
        {items.map((c) => {
          const key = `${c.reportId}-${c.remainsId}`;
          return (
          <li key={key}>
            <h3>
              {t('cases.candidates.heading', { kind: t(`cases.kind.${c.other.kind}`), country: country(c.other.countryCode), score: c.score })}
            </h3>
            {c.withdrawn ? <p>{t('cases.withdrawn')}</p> : null}
            <ul>
              {c.reasons.map((r) => (
                <li key={r.code}>{reasonText(t, label, r)}</li>
              ))}
            </ul>
            <p>
              {t('cases.candidates.openState', { report: t(c.openedByReportSide ? 'cases.yes' : 'cases.no'), remains: t(c.openedByRemainsSide ? 'cases.yes' : 'cases.no') })}
              {c.mark ? ` · ${t('cases.candidates.markState', { mark: t(`cases.marks.${c.mark}`), country: country(c.markedCountry) })}` : ''}
            </p>
            {!c.withdrawn ? (
              <p className="coop-actions">
                {!mine(c) ? (
                  <button type="button" onClick={() => act.mutate({ c, what: 'open' })} disabled={act.isPending}>
                    {t('cases.candidates.open')}
                  </button>
                ) : null}
                {(['examining', 'excluded', 'confirmed'] as const).map((m) => (
                  <button key={m} type="button" className="button-secondary" aria-pressed={c.mark === m} onClick={() => act.mutate({ c, what: 'mark', mark: m })} disabled={act.isPending}>
                    {t(`cases.candidates.mark.${m}`)}
                  </button>
                ))}
              </p>
            ) : null}
            <p>
              <button type="button" className="button-secondary" aria-expanded={comparing === key} aria-controls={`pair-${key}`} onClick={() => setComparing(comparing === key ? null : key)}>
                {t(comparing === key ? 'cases.pair.hide' : 'cases.pair.show')}
              </button>
            </p>
            <div id={`pair-${key}`}>{comparing === key ? <PairView reportId={c.reportId} remainsId={c.remainsId} reason={reason} headingId={`pair-h-${key}`} /> : null}</div>
          </li>
          );
        })}
      </ol>
    </section>
  );
}

function AuthorActions({ record, onChanged }: { record: FullPage; onChanged: (m: string) => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState(record.status);
  const [confirming, setConfirming] = useState(false);
  const change = useMutation({
    mutationFn: () => post(`/api/v1/cases/records/${record.id}/status`, { status }),
    onSuccess: () => onChanged(t('cases.actions.statusSaved', { status: t(`cases.status.${status}`) })),
  });
  const withdraw = useMutation({ mutationFn: () => post(`/api/v1/cases/records/${record.id}/withdraw`), onSuccess: () => onChanged(t('cases.actions.withdrawn')) });
  const statuses: readonly string[] = record.kind === 'report' ? REPORT_STATUSES : REMAINS_STATUSES;
  return (
    <section aria-labelledby="cases-actions">
      <h2 id="cases-actions">{t('cases.actions.title')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          change.mutate();
        }}
      >
        <SelectField label={t('cases.fields.status')} value={status} onChange={(e) => setStatus(e.target.value)}>
          {statuses.map((s) => (
            <option key={s} value={s}>
              {t(`cases.status.${s}`)}
            </option>
          ))}
        </SelectField>
        <button type="submit" disabled={change.isPending}>
          {t('cases.actions.saveStatus')}
        </button>
      </form>
      <ErrorAlert message={change.error?.message ?? withdraw.error?.message ?? null} />
      {confirming ? (
        <p className="coop-actions">
          <span>{t('cases.actions.withdrawConfirm')}</span>
          <button type="button" className="button-danger" onClick={() => withdraw.mutate()} disabled={withdraw.isPending}>
            {t('cases.actions.withdrawYes')}
          </button>
          <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
            {t('cases.form.cancel')}
          </button>
        </p>
      ) : (
        <button type="button" className="button-danger" onClick={() => setConfirming(true)}>
          {t('cases.actions.withdraw')}
        </button>
      )}
    </section>
  );
}

function History({ record }: { record: FullPage }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const country = useCountryName();
  const names = (x: unknown) => (Array.isArray(x) && x.length ? x.map((c) => country(String(c))).join(', ') : t('cases.noSharing'));
  const sharingChange = (d: Record<string, unknown>) => t('cases.history.sharingChange', { from: names(d.from), to: names(d.to) });
  return (
    <>
      <h2>{t('cases.history.title')}</h2>
      <ol className="case-history">
        {record.history.map((h, i) => (
          <li key={i}>
            {fmt.dateTime(h.at)} · {t(`cases.history.${h.action}`, { defaultValue: h.action })} · {country(h.countryCode)}
            {h.user ? ` · ${h.user}` : ''}
            {Array.isArray(h.detail.fields) ? ` (${(h.detail.fields as string[]).join(', ')})` : ''}
            {h.action === 'sharing' ? ` (${sharingChange(h.detail)})` : ''}
          </li>
        ))}
      </ol>
      <h2>{t('cases.history.reads')}</h2>
      <ol className="case-history">
        {record.reads.map((x, i) => (
          <li key={i}>
            {fmt.dateTime(x.at)} · {country(x.countryCode)} · {x.user ?? '—'} · {x.reason}
          </li>
        ))}
      </ol>
    </>
  );
}

function RecordView({ id }: { id: string }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const read = useMutation({ mutationFn: (r: string) => post<CasePageOut>(`/api/v1/cases/records/${id}/read`, { reason: r }), onSuccess: (_p, r) => setReason(r) });
  const page = read.data;
  const reread = (m: string) => {
    setMessage(m);
    setEditing(false);
    if (reason) read.mutate(reason);
  };
  if (!page) return <ReasonForm label={t('cases.read.open')} onReason={(r) => read.mutate(r)} pending={read.isPending} error={read.error} />;
  const author = page.view === 'full';
  return (
    <>
      <p>
        <strong>{t(`cases.kind.${page.kind}`)}</strong> · {page.withdrawn ? t('cases.withdrawn') : t(`cases.status.${page.status}`)} · {t(`cases.views.${page.view}`)}
        {page.erased ? ` · ${t('cases.erased')}` : ''}
      </p>
      <StatusMessage>{message}</StatusMessage>
      {editing && page.view === 'full' ? (
        <RecordForm kind={page.kind} record={page} onDone={() => reread(t('cases.actions.corrected'))} />
      ) : (
        <>
          <Facts r={page} />
          {author && !page.withdrawn && !page.erased ? (
            <p>
              <button type="button" className="button-secondary" onClick={() => setEditing(true)}>
                {t('cases.actions.correct')}
              </button>
            </p>
          ) : null}
        </>
      )}
      {author && !page.withdrawn && !page.erased ? <AuthorActions record={page} onChanged={reread} /> : null}
      {author && !page.withdrawn && !page.erased ? <SharingForm key={page.version + page.sharing.countries.join()} record={page} onChanged={reread} /> : null}
      {author && reason ? <Candidates record={page} reason={reason} /> : null}
      {author ? <History record={page} /> : null}
    </>
  );
}

export function CasePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  useTitle(t('cases.record.title'));
  return (
    <CasesGate>
      {() => (
        <>
          <h1>{t('cases.record.title')}</h1>
          <RecordView id={id!} />
        </>
      )}
    </CasesGate>
  );
}
