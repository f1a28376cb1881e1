/** Organisation <option>s, labelled and sorted as everywhere else (useOrganisationList). */
export function OrganisationOptions({ organisations }: { organisations: readonly { id: string; code: string; label: string }[] }) {
  return (
    <>
      {organisations.map((o) => (
        <option key={o.id} value={o.code}>
          {o.label}
        </option>
      ))}
    </>
  );
}
