import { describe, expect, it } from 'vitest';
import { labelledOrganisations, organisationLabel } from './organisations.ts';

const names: Record<string, string> = { GTM: 'Guatemala', SLV: 'El Salvador', COL: 'Colombia', GHA: 'Ghana', TUR: 'Turquía' };
const countryName = (code: string) => names[code] ?? code;

describe('organisation labels', () => {
  it('tells the three ministries of foreign affairs apart by their country', () => {
    const list = [
      { code: 'SLV_MRE', name: 'Ministerio de Relaciones Exteriores', acronym: null, countryCode: 'SLV' },
      { code: 'GTM_MRE', name: 'Ministerio de Relaciones Exteriores', acronym: null, countryCode: 'GTM' },
      { code: 'COL_MRE', name: 'Ministerio de Relaciones Exteriores', acronym: null, countryCode: 'COL' },
    ];
    const labels = labelledOrganisations(list, countryName, 'es').map((o) => o.label);
    expect(labels).toEqual(['Ministerio de Relaciones Exteriores — Colombia', 'Ministerio de Relaciones Exteriores — El Salvador', 'Ministerio de Relaciones Exteriores — Guatemala']);
    expect(new Set(labels).size).toBe(3);
  });

  it('sorts as the language does (accents and case aside), and gives the acronym once', () => {
    const list = [
      { code: 'UNICEF', name: 'UNICEF', acronym: 'UNICEF', countryCode: null },
      { code: 'IOM', name: 'Organización Internacional para las Migraciones', acronym: 'OIM', countryCode: null },
      { code: 'GHA_GSS', name: 'Ghana Statistical Service', acronym: null, countryCode: 'GHA' },
      { code: 'ECLAC', name: 'Comisión Económica para América Latina y el Caribe', acronym: 'CEPAL', countryCode: null },
      { code: 'ACNUR', name: 'Alto Comisionado de las Naciones Unidas para los Refugiados', acronym: 'ACNUR', countryCode: null },
      { code: 'X', name: 'órgano de prueba', acronym: null, countryCode: null },
    ];
    expect(labelledOrganisations(list, countryName, 'es').map((o) => o.code)).toEqual(['ACNUR', 'ECLAC', 'GHA_GSS', 'IOM', 'X', 'UNICEF']);
    expect(organisationLabel(list[0]!, countryName)).toBe('UNICEF');
    expect(organisationLabel(list[2]!, countryName)).toBe('Ghana Statistical Service — Ghana');
    expect(organisationLabel(list[1]!, countryName)).toBe('Organización Internacional para las Migraciones (OIM)');
  });

  it('shows a name the seeds give in one language only as given, marked with its language, in the other (no invented translation)', () => {
    const list = [
      { code: 'MEX_INM', name: 'Instituto Nacional de Migración', names: { es: 'Instituto Nacional de Migración' }, acronym: 'INM', countryCode: null },
      { code: 'IOM', name: 'International Organization for Migration', names: { es: 'Organización Internacional para las Migraciones', en: 'International Organization for Migration' }, acronym: 'IOM', countryCode: null },
    ];
    expect(labelledOrganisations(list, countryName, 'en').map((o) => o.label)).toEqual(['Instituto Nacional de Migración [es] (INM)', 'International Organization for Migration (IOM)']);
    expect(organisationLabel({ ...list[0]!, name: 'Instituto Nacional de Migración' }, countryName, 'es')).toBe('Instituto Nacional de Migración (INM)');
  });
});
