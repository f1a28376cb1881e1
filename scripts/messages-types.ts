// Writes src/server/platform/i18n/keys.generated.ts: the `MessageKey` union of every server
// message key (issue 16, item 4), so that `t()` and the domain errors refuse an unknown key at
// type-check time. Run by `npm run messages:types` and `npm run build`; test/message-keys.test.ts
// fails when the file is out of date.
import fs from 'node:fs';
import path from 'node:path';
import { catalogueParts, mergeCatalogue, messageKeySource } from '../src/server/platform/i18n/catalog.ts';

const target = path.resolve(import.meta.dirname, '../src/server/platform/i18n/keys.generated.ts');
// Spanish and English have the same keys (src/web/i18n.test.ts); both are read so that a key
// present in one language only still makes a key.
const text = messageKeySource(mergeCatalogue(catalogueParts('es')), mergeCatalogue(catalogueParts('en')));
if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) fs.writeFileSync(target, text);
console.log(`keys.generated.ts: ${text.split('\n').filter((l) => l.startsWith('  | ')).length} keys`);
