import { checkPermissions } from './harness.ts';
import { sitepages } from './sitepages.ts';

checkPermissions(sitepages);
