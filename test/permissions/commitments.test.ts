import { checkPermissions } from './harness.ts';
import { commitments } from './commitments.ts';

checkPermissions(commitments);
