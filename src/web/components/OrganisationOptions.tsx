import type { Organisation } from '../api/client.ts';

/** Organisation <option>s, the acronym first where there is one (it is what people look for). */
export function OrganisationOptions({ organisations }: { organisations: Organisation[] }) {
  return (
    <>
      {organisations.map((o) => (
        <option key={o.id} value={o.code}>
          {o.acronym ? `${o.acronym} — ${o.name}` : o.name}
        </option>
      ))}
    </>
  );
}
