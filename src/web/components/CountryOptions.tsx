import { useTranslation } from 'react-i18next';
import type { Country } from '../api/client.ts';

/** Country <option>s, CRM and CSM member states first. */
export function CountryOptions({ countries }: { countries: Country[] }) {
  const { t } = useTranslation();
  const members = countries.filter((c) => c.memberships.length > 0);
  const others = countries.filter((c) => c.memberships.length === 0);
  return (
    <>
      <optgroup label={t('countries.members')}>
        {members.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name} ({c.memberships.join(', ')})
          </option>
        ))}
      </optgroup>
      <optgroup label={t('countries.others')}>
        {others.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </optgroup>
    </>
  );
}
