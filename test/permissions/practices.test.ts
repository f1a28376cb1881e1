import { checkPermissions } from './harness.ts';
import { practices } from './practices.ts';

checkPermissions(practices);
