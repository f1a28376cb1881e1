import { checkPermissions } from './harness.ts';
import { incidents } from './incidents.ts';

checkPermissions(incidents);
