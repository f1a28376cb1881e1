import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import i18next, { type ThirdPartyModule } from 'i18next';
import es from '../../../locales/es.json' with { type: 'json' };
import en from '../../../locales/en.json' with { type: 'json' };
import { I18N_OPTIONS, IcuFormat } from '../../../i18n.ts';
import { actionWords, entityWords, labelIn } from './audit-words.ts';

async function tFor(lang: 'es' | 'en') {
  const i = i18next.createInstance();
  await i.use(IcuFormat as unknown as ThirdPartyModule).init({ ...I18N_OPTIONS, lng: lang, resources: { [lang]: { translation: lang === 'es' ? es : en } } });
  return i.t;
}

describe('the audit trail in words', () => {
  it('says the actions the issue found as codes in words, in both languages', async () => {
    const [tEs, tEn] = await Promise.all([tFor('es'), tFor('en')]);
    expect(actionWords(tEs, 'user.create')).toBe('Creó una cuenta');
    expect(actionWords(tEn, 'user.create')).toBe('Created an account');
    expect(actionWords(tEs, 'practice.publish')).toBe('Publicó una práctica');
    expect(actionWords(tEn, 'practice.request_changes')).toBe('Asked for changes to a practice');
    expect(entityWords(tEs, 'obs_release')).toBe('Publicación de datos');
    expect(entityWords(tEn, 'obs_release')).toBe('Data release');
  });

  it('falls back to the code for an action or type it has no words for (never an empty cell)', async () => {
    const t = await tFor('en');
    expect(actionWords(t, 'practice.teleport')).toBe('practice.teleport');
    expect(actionWords(t, 'newmodule.thing')).toBe('newmodule.thing');
    expect(entityWords(t, 'new_table')).toBe('new_table');
  });

  it("picks the reader's language of a name, else Spanish, else whatever there is", () => {
    expect(labelIn({ es: 'Organización', en: 'Organisation' }, 'en')).toBe('Organisation');
    expect(labelIn({ es: 'Organización' }, 'en')).toBe('Organización');
    expect(labelIn({ pt: 'Organização' }, 'en')).toBe('Organização');
    expect(labelIn('ana@example.org', 'en')).toBe('ana@example.org');
    expect(labelIn(null, 'es')).toBeNull();
  });

  it('has words in both languages for every action the server records', () => {
    const root = path.resolve(import.meta.dirname, '../../../../server');
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const codes = new Set<string>();
    for (const f of files) {
      for (const line of fs.readFileSync(path.join(root, f), 'utf8').split('\n')) {
        if (/\baction: /.test(line)) for (const m of line.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) codes.add(m[1]!);
      }
    }
    // `practice.${action}`: the practice workflow's transitions.
    for (const a of ['submit', 'endorse', 'publish', 'request_changes', 'reject']) codes.add(`practice.${a}`);
    expect(codes.size).toBeGreaterThan(40);
    const words = (catalogue: typeof es, code: string) => {
      const [prefix, verb] = code.split('.') as [string, string];
      return (catalogue.admin.audit.actions as Record<string, Record<string, string>>)[prefix]?.[verb];
    };
    expect([...codes].filter((c) => !words(es, c) || !words(en, c))).toEqual([]);
  });
});
