import { useId, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, post } from '../../api/client.ts';
import { ErrorAlert, StatusMessage } from '../../components/Alert.tsx';
import { QueryState } from '../../components/Loading.tsx';
import { useCountryName, useFormat, useLang, useTitle } from '../../app/hooks.ts';
import { FileInput } from './FileInput.tsx';
import { useShown } from './ReportValuesPage.tsx';
import { errorText, type ReportedItem } from './input-api.ts';

const KEY = ['indicators-input'];

/**
 * The secretariat's page: the queue of values reported by focal points, each validated or
 * rejected with a reason, and the import of a custodian's file in the UN SDG Global Database
 * layout (preview, then apply).
 */
export function ReviewPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const queryClient = useQueryClient();
  const queue = useQuery({ queryKey: [...KEY, 'queue', lang], queryFn: () => get<{ items: ReportedItem[] }>('/api/v1/indicators/reported?status=provisional') });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: KEY });
  useTitle(t('indicatorsInput.review.title'));
  return (
    <div className="ii-page">
      <h1>{t('indicatorsInput.review.title')}</h1>
      <p className="lead">{t('indicatorsInput.review.intro')}</p>
      <section aria-labelledby="ii-queue">
        <h2 id="ii-queue">{t('indicatorsInput.review.queueTitle')}</h2>
        {queue.data ? (
          queue.data.items.length ? (
            <ul className="ii-queue" data-testid="review-queue">
              {queue.data.items.map((i) => (
                <QueueItem key={i.revisionId} item={i} onDecided={refresh} />
              ))}
            </ul>
          ) : (
            <p data-testid="queue-empty">{t('indicatorsInput.review.empty')}</p>
          )
        ) : (
          <QueryState isLoading={queue.isLoading} error={queue.error} />
        )}
      </section>
      <section aria-labelledby="ii-sdg" className="panel">
        <h2 id="ii-sdg">{t('indicatorsInput.review.sdgTitle')}</h2>
        <p>{t('indicatorsInput.review.sdgIntro')}</p>
        <FileInput
          previewUrl="/api/v1/indicators/imports/sdg/preview"
          applyUrl="/api/v1/indicators/imports/sdg/apply"
          accept=".csv,text/csv"
          extension={/\.csv$/i}
          label={t('indicatorsInput.review.sdgFile')}
          hint={t('indicatorsInput.review.sdgHint')}
          testId="sdg-input"
          onApplied={refresh}
        />
      </section>
    </div>
  );
}

function QueueItem({ item, onDecided }: { item: ReportedItem; onDecided: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const shown = useShown();
  const countryName = useCountryName();
  const id = useId();
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: (d: 'validate' | 'reject') => post<{ status: string }>(`/api/v1/indicators/reported/${item.revisionId}/${d}`, d === 'reject' ? { reason } : {}),
    onSuccess: onDecided,
  });
  return (
    <li className="ii-queue-item panel">
      <h3 id={`${id}-h`}>
        <span className="ii-code">{item.code}</span> {item.name} — {countryName(item.country)}, {item.period}
      </h3>
      <dl className="ii-facts">
        <dt>{t('indicatorsInput.review.reported')}</dt>
        <dd data-testid="reported-value">{shown(item)}</dd>
        <dt>{t('indicatorsInput.review.previous')}</dt>
        <dd>{item.previous ? `${shown(item.previous)} (${t(`indicatorsInput.status.${item.previous.status as 'validated'}`)})` : t('indicatorsInput.none')}</dd>
        <dt>{t('indicatorsInput.review.by')}</dt>
        <dd>
          {item.reportedBy ?? t('indicatorsInput.none')}, {fmt.dateTime(item.recordedAt)}
        </dd>
        {item.narrative ? (
          <>
            <dt>{t('indicatorsInput.report.narrative')}</dt>
            <dd>{item.narrative}</dd>
          </>
        ) : null}
        {item.evidenceUrl || item.evidenceFiles.length ? (
          <>
            <dt>{t('indicatorsInput.review.evidence')}</dt>
            <dd>
              {item.evidenceUrl ? (
                <a href={item.evidenceUrl} rel="noopener noreferrer nofollow" target="_blank">
                  {item.evidenceUrl}
                </a>
              ) : null}
              {item.evidenceFiles.map((f) => (
                <a key={f.id} href={`/api/v1/indicators/evidence/${f.id}`} download className="ii-file-link">
                  {f.filename}
                </a>
              ))}
            </dd>
          </>
        ) : null}
      </dl>
      <div className="field">
        <label htmlFor={`${id}-r`}>{t('indicatorsInput.review.reason')}</label>
        <textarea id={`${id}-r`} value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={2000} />
      </div>
      <ErrorAlert message={errorText(decide.error)} />
      <StatusMessage>{decide.data ? t(`indicatorsInput.status.${decide.data.status as 'validated'}`) : null}</StatusMessage>
      <p className="form-actions">
        <button type="button" onClick={() => decide.mutate('validate')} disabled={decide.isPending}>
          {t('indicatorsInput.review.validate')}
        </button>{' '}
        <button type="button" className="button-secondary" onClick={() => decide.mutate('reject')} disabled={decide.isPending}>
          {t('indicatorsInput.review.reject')}
        </button>
      </p>
    </li>
  );
}
