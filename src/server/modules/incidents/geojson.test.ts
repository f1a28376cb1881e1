import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, testApp, type Client, type TestApp } from '../../../../test/helpers/app.ts';

/**
 * The map's GeoJSON is written by PostgreSQL (migration 0073, queries.ts `geojson`): its text must be exactly
 * what JSON.stringify gave before (compact, the same key order and escaping, five decimals).
 */
let t: TestApp;
let sec: Client;
const BODIES = [
  { date: '2024-03-10', countryCode: 'MEX', place: 'Río Bravo', lat: 25.87, lon: -97.5, route: 'Central American Route', deadAndMissing: 4, cause: 'Drowning' },
  { date: '2024-03-11', countryCode: 'GTM', lat: 14.6712345678, lon: -92.1400001, dead: 2, missing: 1, cause: 'Violence' },
  { date: '2023-05-05', countryCode: 'USA', lat: -0.000004, lon: 179.999996, route: 'US-Mexico border crossing', deadAndMissing: 3 },
  { date: '2022-01-01', countryCode: 'PAN', lat: 8.4, lon: -77.6, route: 'Darien', deadAndMissing: 1, cause: 'Harsh environmental conditions / lack of adequate shelter, food, water' },
  { date: '2022-01-02', countryCode: 'PAN', deadAndMissing: 2 },
  // a half at the sixth decimal of a negative number (JavaScript rounds it up), a tiny latitude, a name to escape
  { date: '2021-06-01', countryCode: 'MEX', lat: 0.00001, lon: -97.123455, route: 'Ruta "A" \\ B', deadAndMissing: 1 },
];

beforeAll(async () => {
  t = await testApp();
  await createUser(t, { email: 'geo.sec@example.org', role: 'secretariat' });
  sec = await signIn(t, 'geo.sec@example.org');
  for (const b of BODIES) {
    const res = await sec.request({ method: 'POST', url: '/api/v1/incidents', payload: b });
    expect(res.statusCode, res.body).toBe(201);
    expect((await sec.request({ method: 'POST', url: `/api/v1/incidents/${res.json().id}/verify` })).statusCode).toBe(200);
  }
});
afterAll(async () => t?.close());

describe('the GeoJSON text', () => {
  it('is byte for byte what JSON.stringify of the same features gives', async () => {
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/incidents?pageSize=500' })).json<{ items: { id: string; date: string; lat: number | null; lon: number | null; deadAndMissing: number; route: string | null; cause: string | null; countryCode: string | null }[] }>().items;
    const deg = (v: number) => Math.round(v * 1e5) / 1e5;
    const expected = JSON.stringify({
      type: 'FeatureCollection',
      features: list
        .filter((r) => r.lat !== null)
        .sort((a, b) => a.date.localeCompare(b.date))
        .map((r) => ({ type: 'Feature', id: r.id, geometry: { type: 'Point', coordinates: [deg(r.lon!), deg(r.lat!)] }, properties: { date: r.date, n: r.deadAndMissing, route: r.route, cause: r.cause, country: r.countryCode } })),
    });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/incidents?format=geojson' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(expected);
    expect(JSON.parse(res.body).features).toHaveLength(5);
    // nothing matches: an empty collection, still valid
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/incidents?format=geojson&from=1990&to=1990' })).body).toBe('{"type":"FeatureCollection","features":[]}');
  });
});
