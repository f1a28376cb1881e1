import { describe, expect, it } from 'vitest';
import i18next, { type ThirdPartyModule } from 'i18next';
import es from '../../locales/es.json' with { type: 'json' };
import en from '../../locales/en.json' with { type: 'json' };
import { I18N_OPTIONS, IcuFormat } from '../../i18n.ts';

async function tFor(lang: 'es' | 'en') {
  const i = i18next.createInstance();
  await i.use(IcuFormat as unknown as ThirdPartyModule).init({ ...I18N_OPTIONS, lng: lang, resources: { [lang]: { translation: lang === 'es' ? es : en } } });
  return i.t;
}

describe("a practice page's wording", () => {
  it('says the objectives in common with the right number, before or after the list as each language reads', async () => {
    const [tEs, tEn] = await Promise.all([tFor('es'), tFor('en')]);
    expect(tEn('practices.detail.sharedObjectives', { count: 1, list: '21' })).toBe('objective 21 in common');
    expect(tEn('practices.detail.sharedObjectives', { count: 3, list: '7, 8, 14' })).toBe('objectives 7, 8, 14 in common');
    expect(tEs('practices.detail.sharedObjectives', { count: 1, list: '21' })).toBe('objetivo 21 en común');
    expect(tEs('practices.detail.sharedObjectives', { count: 2, list: '7, 8' })).toBe('objetivos 7, 8 en común');
    expect(tEn('practices.detail.partnerFacts', { count: 1, objectives: 1, list: '21' })).toBe('1 practice · objective 21');
    expect(tEs('practices.detail.partnerFacts', { count: 4, objectives: 2, list: '7, 8' })).toBe('4 prácticas · objetivos 7, 8');
  });

  it('writes the State with a capital in English, as Spanish writes el Estado', async () => {
    const tEn = await tFor('en');
    for (const key of ['practices.validation.state', 'practices.detail.endorse', 'practices.detail.endorsed', 'practices.history.notes.endorse']) {
      expect(tEn(key), key).toMatch(/\bState\b/);
    }
  });
});
