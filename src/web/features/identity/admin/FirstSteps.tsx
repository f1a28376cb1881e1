import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../../../api/client.ts';
import type { FirstStep as Step } from '../../../../shared/contracts/identity.ts';

/**
 * The administrator's first steps (issue 21, item 2), shown above the administration pages
 * until every step is done. Each tick comes from the server's reading of the platform's state
 * (GET /api/v1/admin/first-steps); nothing is ticked by hand.
 */
export function FirstSteps() {
  const { t } = useTranslation();
  const steps = useQuery({ queryKey: ['first-steps'], queryFn: () => get<{ items: Step[] }>('/api/v1/admin/first-steps').then((r) => r.items) });
  if (!steps.data || steps.data.every((s) => s.state === 'done')) return null;
  const done = steps.data.filter((s) => s.state === 'done').length;
  return (
    <section aria-labelledby="first-steps-title" className="first-steps" data-testid="first-steps">
      <h2 id="first-steps-title">{t('admin.firstSteps.title')}</h2>
      <p>{t('admin.firstSteps.progress', { done, total: steps.data.length })}</p>
      <ol>
        {steps.data.map((s) => (
          <li key={s.key} data-step={s.key} data-state={s.state}>
            <span className={`first-step-state first-step-${s.state}`}>{t(`admin.firstSteps.state.${s.state}`)}</span>{' '}
            {s.link && s.state !== 'done' ? <Link to={s.link}>{t(`admin.firstSteps.steps.${s.key}`)}</Link> : <span>{t(`admin.firstSteps.steps.${s.key}`)}</span>}
            <span className="hint"> {t(`admin.firstSteps.why.${s.key}`)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
