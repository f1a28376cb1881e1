import { checkPermissions } from './harness.ts';
import { indicators } from './indicators.ts';

checkPermissions(indicators);
