// Zod-free, so the web imports the list itself, not a copy (the contract, incidents.ts, imports zod).
/** IOM's causes of death, as the API accepts them (the web names them by position: `incidents.cause.cN`). */
export const CAUSES = [
  'Drowning',
  'Violence',
  'Harsh environmental conditions / lack of adequate shelter, food, water',
  'Vehicle accident / death linked to hazardous transport',
  'Sickness / lack of access to adequate healthcare',
  'Accidental death',
  'Mixed or unknown',
] as const;
