import { DomainError } from '../../platform/http/errors.ts';

/** The installation has no CASES_KEY: the exchange is off, and says so (docs/adr/0014). */
export class CasesDisabled extends DomainError {
  readonly status = 503;
  readonly code = 'cases_disabled';
  constructor() {
    super('cases.disabled');
  }
}
