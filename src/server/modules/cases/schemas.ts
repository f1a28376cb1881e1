import { z } from 'zod';
import { isBelongingCode, isMarkCode } from './codes.ts';

/**
 * Request and response shapes of the exchange. Validation messages name a field, never echo a
 * value (platform/http/error-handler.ts), so a name typed in the wrong box does not come back in
 * an error either.
 */
const iso3 = z.string().regex(/^[A-Z]{3}$/);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => !Number.isNaN(Date.parse(d)), { params: { key: 'cases.invalidDate' } });
const text = (max: number) => z.string().trim().min(1).max(max);
const point = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict();
const age = z.number().int().min(0).max(120);
const height = z.number().int().min(30).max(250);
const markCodes = z.array(z.string().refine(isMarkCode, { params: { key: 'cases.unknownMarkCode' } })).max(40).default([]);
const belongingCodes = z.array(z.string().refine(isBelongingCode, { params: { key: 'cases.unknownBelongingCode' } })).max(40).default([]);
const dna = z.object({ lab: text(200), reference: text(100) }).strict();
export const caseRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]{1,39}$/);
const countries = z.array(iso3).max(35);

export const reportBody = z
  .object({
    caseRef,
    person: z
      .object({
        givenNames: text(200),
        familyNames: text(200),
        sex: z.enum(['F', 'M', 'U']),
        dateOfBirth: day.optional(),
        ageMin: age.optional(),
        ageMax: age.optional(),
        nationality: iso3.optional(),
        heightMin: height.optional(),
        heightMax: height.optional(),
        markCodes,
        marksText: text(2000).optional(),
        clothing: text(2000).optional(),
        belongingCodes,
        belongingsText: text(2000).optional(),
        dentalMedical: text(2000).optional(),
      })
      .strict(),
    lastContact: z
      .object({
        date: day,
        place: text(500).optional(),
        point: point.optional(),
        route: text(1000).optional(),
        routePoints: z.array(point).max(30).default([]),
        destinationCountry: iso3.optional(),
      })
      .strict(),
    family: z
      .object({ name: text(200), relationship: text(100).optional(), phone: text(60).optional(), email: z.string().email().max(200).optional(), address: text(500).optional() })
      .strict(),
    consent: z.object({ date: day, countries }).strict(),
    dna: dna.nullable().default(null),
  })
  .strict();
export type ReportBody = z.infer<typeof reportBody>;

export const remainsBody = z
  .object({
    caseRef,
    found: z.object({ date: day, place: text(500).optional(), point, incidentId: z.string().uuid().optional() }).strict(),
    sex: z.enum(['F', 'M', 'U']),
    ageMin: age,
    ageMax: age,
    heightMin: height.optional(),
    heightMax: height.optional(),
    pmiMinDays: z.number().int().min(0).max(36_500).optional(),
    pmiMaxDays: z.number().int().min(0).max(36_500).optional(),
    markCodes,
    marksText: text(2000).optional(),
    clothing: text(2000).optional(),
    belongingCodes,
    belongingsText: text(2000).optional(),
    documents: text(2000).optional(),
    dna: dna.nullable().default(null),
    share: z.object({ countries }).strict(),
  })
  .strict();
export type RemainsBody = z.infer<typeof remainsBody>;

/** A correction: the whole record again (sharing and consent change apart), with the version it was read at. */
const version = z.number().int().min(1);
export const reportCorrection = reportBody.omit({ consent: true }).extend({ version }).strict();
export const remainsCorrection = remainsBody.omit({ share: true }).extend({ version }).strict();

/** The personal fields of either kind, as decrypted for a reader entitled to them. */
export const personal = z.object({
  givenNames: z.string().optional(),
  familyNames: z.string().optional(),
  dateOfBirth: z.string().optional(),
  nationality: z.string().optional(),
  marksText: z.string().optional(),
  clothing: z.string().optional(),
  belongingsText: z.string().optional(),
  dentalMedical: z.string().optional(),
  place: z.string().optional(),
  route: z.string().optional(),
  documents: z.string().optional(),
  dna: dna.nullable().optional(),
});
export type Personal = z.infer<typeof personal>;
export const family = z.object({ name: z.string(), relationship: z.string().optional(), phone: z.string().optional(), email: z.string().optional(), address: z.string().optional() });
export type Family = z.infer<typeof family>;

export const reason = z.string().trim().min(8).max(500);
export const reasonQuery = z.object({ reason }).strict();
export const reasonBody = z.object({ reason }).strict();
export const statusBody = z.object({ status: z.enum(['open', 'located_alive', 'identified', 'closed', 'unidentified']) }).strict();
export const sharingBody = z.object({ countries, consentDate: day.optional() }).strict();
export const markBody = z.object({ mark: z.enum(['examining', 'excluded', 'confirmed']) }).strict();
export const grantBody = z.object({ userId: z.string().uuid(), capacity: z.enum(['search_authority', 'forensic_service']) }).strict();
// `lang`: the web client puts the reader's language in every GET address (api/client.ts).
const lang = z.enum(['es', 'en']).optional();
export const candidatesQuery = z.object({ radiusKm: z.coerce.number().int().min(10).max(1000).default(300), lang }).strict();
export const listQuery = z.object({ kind: z.enum(['report', 'remains']).optional(), scope: z.enum(['own', 'shared']).optional(), lang }).strict();

// --- responses ---------------------------------------------------------------------------

export const comparison = z.object({
  sex: z.enum(['F', 'M', 'U']),
  ageMin: z.number(),
  ageMax: z.number(),
  heightMin: z.number().nullable(),
  heightMax: z.number().nullable(),
  date: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  routePoints: z.array(z.object({ lat: z.number(), lon: z.number() })),
  destinationCountry: z.string().nullable(),
  pmiMinDays: z.number().nullable(),
  pmiMaxDays: z.number().nullable(),
  incidentId: z.string().nullable(),
  markCodes: z.array(z.string()),
  belongingCodes: z.array(z.string()),
  dnaSample: z.boolean(),
});
export type Comparison = z.infer<typeof comparison>;

export const recordOut = z.object({
  id: z.string(),
  kind: z.enum(['report', 'remains']),
  countryCode: z.string(),
  status: z.string(),
  statusAt: z.string(),
  createdAt: z.string(),
  withdrawn: z.boolean(),
  erased: z.boolean(),
  /** what this reader sees: everything, the comparison fields, or only that it was withdrawn */
  view: z.enum(['full', 'comparison', 'candidate', 'withdrawn']),
  /** the author's side only: the version a correction must name */
  version: z.number().optional(),
  caseRef: z.string().optional(),
  sharing: z.object({ countries: z.array(z.string()), consentDate: z.string().nullable() }).optional(),
  comparison: comparison.optional(),
  personal: personal.optional(),
  family: family.optional(),
});
export type RecordOut = z.infer<typeof recordOut>;

export const eventOut = z.object({ at: z.string(), action: z.string(), countryCode: z.string().nullable(), user: z.string().nullable(), detail: z.record(z.string(), z.unknown()) });
export const readOut = z.object({ at: z.string(), countryCode: z.string(), user: z.string().nullable(), view: z.string(), reason: z.string() });
export const recordPage = recordOut.extend({ history: z.array(eventOut).optional(), reads: z.array(readOut).optional() });

export const reasonOut = z.object({ code: z.string(), value: z.union([z.number(), z.string(), z.array(z.string())]).optional() });
export const candidateOut = z.object({
  reportId: z.string(),
  remainsId: z.string(),
  /** the other record of the pair */
  other: recordOut,
  score: z.number(),
  distanceKm: z.number().nullable(),
  daysAfterLastContact: z.number().nullable(),
  reasons: z.array(reasonOut),
  withdrawn: z.boolean(),
  mark: z.enum(['examining', 'excluded', 'confirmed']).nullable(),
  markedCountry: z.string().nullable(),
  markedAt: z.string().nullable(),
  openedByReportSide: z.boolean(),
  openedByRemainsSide: z.boolean(),
});
export type CandidateOut = z.infer<typeof candidateOut>;

export const grantOut = z.object({
  id: z.string(),
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  countryCode: z.string(),
  capacity: z.enum(['search_authority', 'forensic_service']),
  proposedAt: z.string(),
  confirmedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  state: z.enum(['proposed', 'active', 'revoked']),
});
