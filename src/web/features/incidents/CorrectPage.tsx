import { Navigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useTitle } from '../../app/hooks.ts';
import { ObservatoryNav } from '../explore/ObservatoryNav.tsx';
import { useIncident } from './api.ts';
import { RecordPage } from './RecordPage.tsx';

/**
 * `/observatory/missing-migrants/:id/edit`: the record form filled with the stored incident,
 * for its author or whoever may verify (the API's `canCorrect`); saved with `PUT` and the version.
 * Anyone else is sent back to the incident's page (the API would refuse the correction anyway).
 */
export function CorrectPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const incident = useIncident(id);
  useTitle(t('incidents.correct.title'));
  if (!incident.data) {
    return (
      <>
        <ObservatoryNav />
        <h1>{t('incidents.correct.title')}</h1>
        <QueryState isLoading={incident.isLoading} error={incident.error} />
      </>
    );
  }
  if (!incident.data.canCorrect) return <Navigate to={`/observatory/missing-migrants/${id}`} replace />;
  // Keyed by the record, not its version: a saved correction refetches the record, and the form
  // must stay mounted to go to the incident's page (a newer version elsewhere is a conflict instead).
  return <RecordPage key={id} incident={incident.data} />;
}
