import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client.ts';
import { ErrorAlert } from '../../components/Alert.tsx';
import { useCountryName, useFormat } from '../../app/hooks.ts';
import { useCodeLabel, type CaseRecord, type Pair } from './api.ts';
import { reasonText } from './labels.ts';

/**
 * A candidate pair side by side: the report and the remains, field by field, and why the pair
 * scores. Each side shows what this reader may see of it (the server decides: the other side's
 * personal fields only once both sides opened the pair; never the family contact). Asking for it
 * is a read, kept with the reason given on the case page.
 */
type Row = [label: string, value: (r: CaseRecord) => string | undefined];

function useRows(): Row[] {
  const { t } = useTranslation();
  const fmt = useFormat();
  const country = useCountryName();
  const label = useCodeLabel();
  const cmp = (r: CaseRecord) => (r.view === 'withdrawn' ? undefined : r.comparison);
  const per = (r: CaseRecord) => (r.view === 'full' || r.view === 'candidate' ? r.personal : undefined);
  const range = (a: number | null | undefined, b: number | null | undefined, unit = '') => (a === null || a === undefined ? undefined : `${a}–${b}${unit}`);
  return [
    [t('cases.fields.caseRef'), (r) => (r.view === 'full' ? r.caseRef : undefined)],
    [t('cases.fields.country'), (r) => country(r.countryCode)],
    [t('cases.pair.view'), (r) => t(`cases.views.${r.view}`)],
    [t('cases.fields.status'), (r) => (r.withdrawn ? t('cases.withdrawn') : t(`cases.status.${r.status}`))],
    [t('cases.fields.name'), (r) => [per(r)?.givenNames, per(r)?.familyNames].filter(Boolean).join(' ') || undefined],
    [t('cases.fields.dateOfBirth'), (r) => (per(r)?.dateOfBirth ? fmt.date(per(r)!.dateOfBirth) : undefined)],
    [t('cases.fields.nationality'), (r) => (per(r)?.nationality ? country(per(r)!.nationality) : undefined)],
    [t('cases.fields.sex'), (r) => (cmp(r) ? t(`cases.sex.${cmp(r)!.sex}`) : undefined)],
    [t('cases.fields.age'), (r) => range(cmp(r)?.ageMin, cmp(r)?.ageMax)],
    [t('cases.fields.height'), (r) => range(cmp(r)?.heightMin, cmp(r)?.heightMax, ' cm')],
    [t('cases.pair.date'), (r) => (cmp(r) ? fmt.date(cmp(r)!.date) : undefined)],
    [t('cases.fields.coarsePoint'), (r) => (cmp(r) && cmp(r)!.lat !== null ? `${cmp(r)!.lat}, ${cmp(r)!.lon}` : undefined)],
    [t('cases.fields.routePoints'), (r) => cmp(r)?.routePoints.map((q) => `${q.lat}, ${q.lon}`).join(' · ') || undefined],
    [t('cases.fields.destination'), (r) => (cmp(r)?.destinationCountry ? country(cmp(r)!.destinationCountry) : undefined)],
    [t('cases.fields.pmi'), (r) => range(cmp(r)?.pmiMinDays, cmp(r)?.pmiMaxDays)],
    [t('cases.fields.incidentId'), (r) => cmp(r)?.incidentId ?? undefined],
    [t('cases.fields.markCodes'), (r) => cmp(r)?.markCodes.map(label).join(', ') || undefined],
    [t('cases.fields.belongingCodes'), (r) => cmp(r)?.belongingCodes.map(label).join(', ') || undefined],
    [t('cases.fields.dnaSample'), (r) => (cmp(r) ? t(cmp(r)!.dnaSample ? 'cases.yes' : 'cases.no') : undefined)],
    [t('cases.fields.place'), (r) => per(r)?.place],
    [t('cases.fields.route'), (r) => per(r)?.route],
    [t('cases.fields.marksText'), (r) => per(r)?.marksText],
    [t('cases.fields.clothing'), (r) => per(r)?.clothing],
    [t('cases.fields.belongingsText'), (r) => per(r)?.belongingsText],
    [t('cases.fields.dentalMedical'), (r) => per(r)?.dentalMedical],
    [t('cases.fields.documents'), (r) => per(r)?.documents],
  ];
}

export function PairView({ reportId, remainsId, reason, headingId }: { reportId: string; remainsId: string; reason: string; headingId: string }) {
  const { t } = useTranslation();
  const label = useCodeLabel();
  const rows = useRows();
  const pair = useQuery({
    queryKey: ['cases', 'pair', reportId, remainsId],
    queryFn: () => post<Pair>(`/api/v1/cases/candidates/${reportId}/${remainsId}/read`, { reason }),
    // each look is a read the other side sees in its list of reads: ask once per opening
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  const p = pair.data;
  return (
    <div className="case-pair" data-testid="case-pair">
      <h4 id={headingId}>{t('cases.pair.title')}</h4>
      <ErrorAlert message={pair.error?.message ?? null} />
      {p ? (
        <>
          {p.report.view === 'comparison' || p.remains.view === 'comparison' ? <p className="hint">{t('cases.pair.comparisonOnly')}</p> : null}
          <div className="table-wrap" role="region" aria-labelledby={headingId} tabIndex={0}>
            <table>
              <caption>{t('cases.pair.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cases.pair.field')}</th>
                  <th scope="col">{t('cases.kind.report')}</th>
                  <th scope="col">{t('cases.kind.remains')}</th>
                </tr>
              </thead>
              <tbody>
                {rows
                  .map(([name, value]) => [name, value(p.report), value(p.remains)] as const)
                  .filter(([, a, b]) => a || b)
                  .map(([name, a, b]) => (
                    <tr key={name}>
                      <th scope="row">{name}</th>
                      <td>{a ?? '—'}</td>
                      <td>{b ?? '—'}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
          <h5>{t('cases.pair.reasons')}</h5>
          <ul>
            {p.reasons.map((r) => (
              <li key={r.code}>{reasonText(t, label, r)}</li>
            ))}
          </ul>
        </>
      ) : pair.isPending ? (
        <p role="status">{t('cases.pair.loading')}</p>
      ) : null}
    </div>
  );
}
