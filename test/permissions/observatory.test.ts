import { checkPermissions } from './harness.ts';
import { observatory } from './observatory.ts';

checkPermissions(observatory);
