import { checkPermissions } from './harness.ts';
import { review } from './review.ts';

checkPermissions(review);
