import { checkPermissions } from './harness.ts';
import { cooperation } from './cooperation.ts';

checkPermissions(cooperation);
