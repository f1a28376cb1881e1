import type { LightMyRequestResponse } from 'fastify';
import { createUser, signIn, type Client, type TestApp } from './app.ts';

/**
 * The people and records of the exchange's tests (docs/adr/0014): search authorities and
 * forensic services of El Salvador, Mexico and Guatemala, granted the way the platform grants
 * them (the country's focal point proposes, the secretariat confirms), and hand-made records.
 * The names below are searched for in the database, the logs and the backups: they must be
 * found only where they are decrypted for someone entitled to them.
 */
export const TEST_CASES_KEY = 'a'.repeat(8) + '0123456789abcdef'.repeat(3) + 'b'.repeat(8);
export const OTHER_CASES_KEY = Buffer.alloc(32, 7).toString('base64');

export const SECRETS = ['Quintanilla', 'Rosa Amelia', 'Marta Portillo', '7788-1234', 'rosa con el nombre', 'Cantón El Rosario', 'GT-LAB-REF-5531'];

export const REPORT = {
  caseRef: 'SLV-BDF-2024-0113',
  person: {
    givenNames: 'Rosa Amelia',
    familyNames: 'Quintanilla Portillo',
    sex: 'F',
    dateOfBirth: '1998-05-14',
    nationality: 'SLV',
    heightMin: 150,
    heightMax: 158,
    markCodes: ['tattoo_forearm_left', 'scar_abdomen'],
    marksText: 'Tatuaje de una rosa con el nombre Marta en el antebrazo izquierdo',
    clothing: 'Blusa celeste, pantalón de mezclilla',
    belongingCodes: ['rosary', 'backpack'],
    belongingsText: 'Rosario de madera',
    dentalMedical: 'Corona de oro en incisivo',
  },
  lastContact: {
    date: '2024-03-02',
    place: 'Cantón El Rosario, Tapachula',
    point: { lat: 14.91, lon: -92.26 },
    route: 'San Salvador – Tecún Umán – Tapachula – Arriaga',
    routePoints: [{ lat: 16.24, lon: -93.9 }],
    destinationCountry: 'USA',
  },
  family: { name: 'Marta Portillo de Quintanilla', relationship: 'madre', phone: '+503 7788-1234' },
  consent: { date: '2024-03-10', countries: ['MEX', 'GTM'] },
  dna: { lab: 'IML El Salvador', reference: 'GT-LAB-REF-5531' },
};

export const REMAINS = {
  caseRef: 'MEX-SEMEFO-CHIS-24-077',
  found: { date: '2024-04-20', place: 'Ejido cerca de Arriaga', point: { lat: 16.2, lon: -93.85 } },
  sex: 'F',
  ageMin: 22,
  ageMax: 32,
  heightMin: 148,
  heightMax: 160,
  pmiMinDays: 20,
  pmiMaxDays: 45,
  markCodes: ['tattoo_forearm_left'],
  marksText: 'Tatuaje floral en antebrazo izquierdo',
  clothing: 'Restos de blusa azul claro',
  belongingCodes: ['rosary'],
  documents: 'Ninguno',
  dna: { lab: 'FGR Servicios Periciales', reference: 'MX-FGR-24-0077' },
  share: { countries: ['SLV', 'GTM', 'HND'] },
};

export type Who = 'saSLV' | 'fsSLV' | 'saMEX' | 'fsMEX' | 'saGTM' | 'fsGTM' | 'fpSLV' | 'fpMEX' | 'fpGTM' | 'secretariat' | 'admin' | 'viewerSLV';
export type People = Record<Who, Client & { id: string }>;

const GRANTED: [Who, 'SLV' | 'MEX' | 'GTM', 'search_authority' | 'forensic_service'][] = [
  ['saSLV', 'SLV', 'search_authority'],
  ['fsSLV', 'SLV', 'forensic_service'],
  ['saMEX', 'MEX', 'search_authority'],
  ['fsMEX', 'MEX', 'forensic_service'],
  ['saGTM', 'GTM', 'search_authority'],
  ['fsGTM', 'GTM', 'forensic_service'],
];

export async function post(c: Client, url: string, payload?: object): Promise<LightMyRequestResponse> {
  return c.request({ method: 'POST', url, ...(payload ? { payload } : {}) });
}

export async function people(t: TestApp): Promise<People> {
  const out = {} as People;
  const make = async (who: Who, role: 'admin' | 'secretariat' | 'focal_point' | 'member_viewer', country: string | null) => {
    const email = `cases.${who.toLowerCase()}@example.org`;
    const id = await createUser(t, { email, role, countryCode: country });
    out[who] = Object.assign(await signIn(t, email), { id });
  };
  await make('admin', 'admin', null);
  await make('secretariat', 'secretariat', null);
  for (const c of ['SLV', 'MEX', 'GTM'] as const) await make(`fp${c}`, 'focal_point', c);
  await make('viewerSLV', 'member_viewer', 'SLV');
  for (const [who, country, capacity] of GRANTED) {
    await make(who, 'member_viewer', country);
    const g = await post(out[`fp${country}`], '/api/v1/cases/grants', { userId: out[who].id, capacity });
    if (g.statusCode !== 201) throw new Error(`grant for ${who}: ${g.body}`);
    const c = await post(out.secretariat, `/api/v1/cases/grants/${g.json<{ id: string }>().id}/confirm`);
    if (c.statusCode !== 200) throw new Error(`confirm for ${who}: ${c.body}`);
  }
  return out;
}

export async function createReport(c: Client, body: object = REPORT): Promise<string> {
  const r = await post(c, '/api/v1/cases/reports', body);
  if (r.statusCode !== 201) throw new Error(`report: ${r.body}`);
  return r.json<{ id: string }>().id;
}

export async function createRemains(c: Client, body: object = REMAINS): Promise<string> {
  const r = await post(c, '/api/v1/cases/remains', body);
  if (r.statusCode !== 201) throw new Error(`remains: ${r.body}`);
  return r.json<{ id: string }>().id;
}

export const REASON = { reason: 'Revisión del caso para la familia' };
