import { checkPermissions } from './harness.ts';
import { indicatorInput } from './indicator-input.ts';

checkPermissions(indicatorInput);
