import { checkPermissions } from './harness.ts';
import { objectives } from './objectives.ts';

checkPermissions(objectives);
