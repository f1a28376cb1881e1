import { checkPermissions } from './harness.ts';
import { reference } from './reference.ts';

checkPermissions(reference);
