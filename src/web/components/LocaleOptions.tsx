/** The interface languages as <option>s, each name in its own language (and marked so for screen readers). */
export function LocaleOptions() {
  return (
    <>
      <option value="es" lang="es">
        Español
      </option>
      <option value="en" lang="en">
        English
      </option>
    </>
  );
}
