import { describe, expect, it } from 'vitest';
import es from '../../locales/es.json' with { type: 'json' };
import en from '../../locales/en.json' with { type: 'json' };

// Every empty state of the commitments pages says what will appear there and who adds it (issue 21):
// a bare "there is nothing" left readers of an all-zero page with no idea whether anything was missing.
const EMPTY_STATES = [
  'documents.none',
  'meetings.noOutcomes',
  'timeline.noRoadmap',
  'roadmaps.none',
  'roadmaps.noneSignIn',
  'update.noneWho',
  'pledges.none',
  'pledges.noneSignIn',
  'pledges.noProgress',
  'dashboard.empty',
] as const;
const WHO = { es: /Secretaría|puntos focales/, en: /Secretariat|focal points/ };
const WHAT = { es: /Aquí (aparecerán|se verá|se verán)|aquí se verán|adjunta aquí|Los informan/, en: /will (appear|show) here|attaches .* here|report it/ };

describe('the commitments pages’ empty states', () => {
  for (const [lang, catalogue] of [['es', es], ['en', en]] as const) {
    it(`say what will appear and who adds it (${lang})`, () => {
      const c = catalogue.commitments as unknown as Record<string, Record<string, string>>;
      for (const key of EMPTY_STATES) {
        const [group, name] = key.split('.') as [string, string];
        const text = c[group]?.[name] ?? '';
        expect(text, key).toMatch(WHO[lang]);
        expect(text, key).toMatch(WHAT[lang]);
      }
    });
  }
});
