import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useOrganisationLabel, useTitle } from '../../app/hooks.ts';
import { PartyCooperation } from './PartyCooperation.tsx';

/** An organisation's page in the hub: its offers and (for members) the cooperations it takes part in. */
export function OrganisationPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation();
  const org = code.toUpperCase();
  const name = useOrganisationLabel()(org);
  useTitle(name);
  return (
    <>
      <h1>{name}</h1>
      <p className="lead">{t('cooperation.organisation.intro', { organisation: name })}</p>
      <PartyCooperation organisation={org} />
    </>
  );
}
