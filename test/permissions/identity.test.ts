import { checkPermissions } from './harness.ts';
import { identity } from './identity.ts';

checkPermissions(identity);
