import { z } from 'zod';
import { isBelongingCode, isMarkCode } from '../cases-codes.ts';
import { created } from './common.ts';

/**
 * Contract of `/api/v1/cases` (ADR 0027; the exchange's rules in docs/adr/0014). The answer
 * schemas are exact on purpose: a record's answer is a union on `view`, so what a receiving
 * country is sent is the comparison shape only — the serialiser drops any personal field that
 * would reach it by mistake. Validation messages name a field, never echo a value
 * (platform/http/error-handler.ts), so a name typed in the wrong box does not come back either.
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
const sex = z.enum(['F', 'M', 'U']);
export const capacity = z.enum(['search_authority', 'forensic_service']);
export type Capacity = z.infer<typeof capacity>;
export const candidateMark = z.enum(['examining', 'excluded', 'confirmed']);
export type Mark = z.infer<typeof candidateMark>;

// --- requests ----------------------------------------------------------------------------

export const idParams = z.object({ id: z.string().uuid() });
export const pairParams = z.object({ reportId: z.string().uuid(), remainsId: z.string().uuid() });

export const reportBody = z
  .object({
    caseRef,
    person: z
      .object({
        givenNames: text(200),
        familyNames: text(200),
        sex,
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
/** What the web sends (before defaults apply). */
export type ReportInput = z.input<typeof reportBody>;

export const remainsBody = z
  .object({
    caseRef,
    found: z.object({ date: day, place: text(500).optional(), point, incidentId: z.string().uuid().optional() }).strict(),
    sex,
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
export type RemainsInput = z.input<typeof remainsBody>;

/** A correction: the whole record again (sharing and consent change apart), with the version it was read at. */
const version = z.number().int().min(1);
export const reportCorrection = reportBody.omit({ consent: true }).extend({ version }).strict();
export const remainsCorrection = remainsBody.omit({ share: true }).extend({ version }).strict();

export const reason = z.string().trim().min(8).max(500);
export const reasonBody = z.object({ reason }).strict();
export const recordStatus = z.enum(['open', 'located_alive', 'identified', 'closed', 'unidentified']);
export const statusBody = z.object({ status: recordStatus }).strict();
export const sharingBody = z.object({ countries, consentDate: day.optional() }).strict();
export type SharingBody = z.infer<typeof sharingBody>;
export const markBody = z.object({ mark: candidateMark }).strict();
export const grantBody = z.object({ userId: z.string().uuid(), capacity }).strict();
// `lang`: the web client puts the reader's language in every GET address (api/client.ts).
const lang = z.enum(['es', 'en']).optional();
export const candidatesQuery = z.object({ radiusKm: z.coerce.number().int().min(10).max(1000).default(300), lang }).strict();
export const listQuery = z.object({ kind: z.enum(['report', 'remains']).optional(), scope: z.enum(['own', 'shared']).optional(), lang }).strict();

// --- answers -----------------------------------------------------------------------------

export const statusOut = z.object({ enabled: z.boolean(), reason: z.string().nullable(), country: z.string().nullable(), capacities: z.array(capacity) }).describe('Whether the exchange is on, why not, and the caller’s country and capacities');
export type CasesStatus = z.infer<typeof statusOut>;
const code = z.object({ code: z.string(), label: z.string() });
export type Code = z.infer<typeof code>;
export const codesOut = z.object({ marks: z.array(code), belongings: z.array(code) }).describe('The structured codes, labelled in the caller’s language');
export const accountsOut = z.object({ items: z.array(z.object({ id: z.string(), email: z.string(), displayName: z.string() })) }).describe('The focal point’s country’s active accounts');
export type Account = z.infer<typeof accountsOut>['items'][number];
export const createdOut = created.describe('The id of what was created (or acted on)');
export const correctedOut = z.object({ id: z.string(), version: z.number() }).describe('The record corrected, at its new version');
export const statusChanged = z.object({ id: z.string(), status: z.string() }).describe('The record’s status now');
export const sharingOut = z.object({ id: z.string(), countries: z.array(z.string()) }).describe('The countries the record is shared with now');
export const withdrawnOut = z.object({ id: z.string(), withdrawn: z.boolean() }).describe('The record withdrawn');

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

/** The coarse fields both sides compare: the only content a receiving country is sent. */
export const comparison = z.object({
  sex,
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

const recordBase = z.object({
  id: z.string(),
  kind: z.enum(['report', 'remains']),
  countryCode: z.string(),
  status: z.string(),
  statusAt: z.string(),
  createdAt: z.string(),
  withdrawn: z.boolean(),
  erased: z.boolean(),
});
/** Another country's withdrawn record: that it was withdrawn, nothing of its content. */
export const withdrawnRecord = recordBase.extend({ view: z.literal('withdrawn') });
/** A receiving country, or the author country's other capacity: the comparison fields only. */
export const comparisonRecord = recordBase.extend({ view: z.literal('comparison'), comparison });
/** The other side of a pair both sides opened: its personal fields, never the family contact. */
export const candidateRecord = recordBase.extend({ view: z.literal('candidate'), comparison, personal: personal.optional() });
/** The authoring capacity of the author's country: everything (personal fields only on a read with a reason). */
export const fullRecord = recordBase.extend({
  view: z.literal('full'),
  /** the version a correction must name */
  version: z.number(),
  caseRef: z.string(),
  sharing: z.object({ countries: z.array(z.string()), consentDate: z.string().nullable() }),
  comparison,
  personal: personal.optional(),
  family: family.optional(),
});
export type FullRecord = z.infer<typeof fullRecord>;
export const recordOut = z.discriminatedUnion('view', [fullRecord, comparisonRecord, candidateRecord, withdrawnRecord]);
export type RecordOut = z.infer<typeof recordOut>;
export type View = RecordOut['view'];
export const recordList = z.object({ items: z.array(recordOut) }).describe('Records as this reader may see them (nothing decrypted)');

export const eventOut = z.object({ at: z.string(), action: z.string(), countryCode: z.string().nullable(), user: z.string().nullable(), detail: z.record(z.string(), z.unknown()) });
export const readOut = z.object({ at: z.string(), countryCode: z.string(), user: z.string().nullable(), view: z.string(), reason: z.string() });
/** A record read with a reason: the author's side gets its history and the reads with their reasons. */
export const fullPage = fullRecord.extend({ history: z.array(eventOut), reads: z.array(readOut) });
export const recordPage = z.discriminatedUnion('view', [fullPage, comparisonRecord, candidateRecord, withdrawnRecord]).describe('The record as this reader may see it');
export type RecordPage = z.infer<typeof recordPage>;

export const reasonOut = z.object({ code: z.string(), value: z.union([z.number(), z.string(), z.array(z.string())]).optional() });
export type Reason = z.infer<typeof reasonOut>;
export const pairState = z.object({
  reportId: z.string(),
  remainsId: z.string(),
  mark: candidateMark.nullable(),
  markedCountry: z.string().nullable(),
  markedAt: z.string().nullable(),
  openedByReportSide: z.boolean(),
  openedByRemainsSide: z.boolean(),
});
export type PairState = z.infer<typeof pairState>;
export const pairStateOut = pairState.describe('The pair’s openings and mark');
/** A pair side by side: each side as the reader may see it, and why the pair scores. */
export const pairOut = pairState.extend({ report: recordOut, remains: recordOut, reasons: z.array(reasonOut) }).describe('The pair side by side, with why it scores');
export type Pair = z.infer<typeof pairOut>;

export const candidateOut = pairState.extend({
  /** the other record of the pair */
  other: recordOut,
  score: z.number(),
  distanceKm: z.number().nullable(),
  daysAfterLastContact: z.number().nullable(),
  reasons: z.array(reasonOut),
  withdrawn: z.boolean(),
});
export type CandidateOut = z.infer<typeof candidateOut>;
export const candidateList = z.object({ items: z.array(candidateOut) }).describe('Candidates, best first, with their reasons');

export const grantOut = z.object({
  id: z.string(),
  userId: z.string(),
  email: z.string(),
  displayName: z.string(),
  countryCode: z.string(),
  capacity,
  proposedAt: z.string(),
  confirmedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  state: z.enum(['proposed', 'active', 'revoked']),
});
export type Grant = z.infer<typeof grantOut>;
export const grantList = z.object({ items: z.array(grantOut) }).describe('Capacities granted');
