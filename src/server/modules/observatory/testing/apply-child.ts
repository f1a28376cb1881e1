import path from 'node:path';
import { createDatabase } from '../../../platform/db/database.ts';
import { LocalFileStore } from '../../../platform/files.ts';
import type { UserActor } from '../../../platform/http/context.ts';
import { ObservatoryService } from '../service.ts';

/**
 * Applies one submission and exits: the process the kill test (apply-kill.test.ts) starts
 * and kills with SIGKILL in the middle of the apply.
 * Usage: node --import tsx apply-child.ts <database url> <data dir> <submission id> <user id>
 */
const [url, dataDir, id, userId] = process.argv.slice(2) as [string, string, string, string];
const h = createDatabase(url, { max: 2 });
const u = await h.db.selectFrom('app_user').select(['id', 'email', 'role', 'country_code']).where('id', '=', userId).executeTakeFirstOrThrow();
const actor: UserActor = { kind: 'user', id: u.id, email: u.email, displayName: '', role: u.role, countryCode: u.country_code, organisationId: null, locale: 'es', via: 'session' };
const service = new ObservatoryService(h.db, new LocalFileStore(path.join(dataDir, 'files')));
process.stdout.write('applying\n');
const r = await service.apply(actor, { requestId: null, ip: null }, id, 'es');
process.stdout.write(`applied ${JSON.stringify(r.applied)}\n`);
await h.close();
