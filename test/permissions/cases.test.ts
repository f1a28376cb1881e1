import { checkPermissions } from './harness.ts';
import { cases } from './cases.ts';

checkPermissions(cases);
