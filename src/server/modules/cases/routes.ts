import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../../platform/authz.ts';
import { metaOf } from '../../platform/http/context.ts';
import { t } from '../../platform/i18n/index.ts';
import type { CaseGrants } from './access.ts';
import { caseActor } from './access.ts';
import type { CaseCandidates } from './candidates.ts';
import { BELONGING_CODES, MARK_CODES } from '../../../shared/cases-codes.ts';
import {
  accountsOut,
  candidateList,
  candidatesQuery,
  codesOut,
  correctedOut,
  createdOut,
  grantBody,
  grantList,
  idParams,
  listQuery,
  markBody,
  pairOut,
  pairParams,
  pairStateOut,
  reasonBody,
  recordList,
  recordPage,
  remainsBody,
  remainsCorrection,
  reportBody,
  reportCorrection,
  sharingBody,
  sharingOut,
  statusBody,
  statusChanged,
  statusOut,
  withdrawnOut,
} from '../../../shared/contracts/cases.ts';
import { CasesDisabled } from './errors.ts';
import type { CaseRecords } from './records.ts';

/**
 * HTTP only. Reads of a record are POSTs with the reason in the body: a reason may name
 * someone, and a URL is what request logs keep.
 */
const tags = ['cases'];

export function casesRoutes(deps: { grants: CaseGrants; records: CaseRecords; candidates: CaseCandidates; enabled: boolean }): FastifyPluginAsyncZod {
  const { grants, records, candidates, enabled } = deps;
  return async (app) => {
    // Without CASES_KEY every route but the status answers 503 and says why (docs/adr/0014).
    app.addHook('preHandler', async (req) => {
      if (!enabled && !req.url.startsWith('/api/v1/cases/status')) throw new CasesDisabled();
      // Nothing of this module is ever kept by a cache on the way.
    });
    app.addHook('onSend', async (_req, reply) => {
      reply.header('cache-control', 'no-store');
    });

    app.get(
      '/cases/status',
      { schema: { tags, summary: 'Whether the exchange is on here (and why not), and the caller’s capacities', response: { 200: statusOut } } },
      async (req) => {
        requireUser(req.actor);
        if (!enabled) return { enabled: false, reason: t(req.locale, 'cases.disabled'), country: null, capacities: [] };
        const a = await caseActor(records.db, req.actor).catch(() => null);
        return { enabled: true, reason: null, country: a?.country ?? null, capacities: a ? [...a.capacities].sort() : [] };
      },
    );

    app.get(
      '/cases/codes',
      { schema: { tags, summary: 'The structured codes of marks and belongings, with their labels', response: { 200: codesOut } } },
      async (req) => {
        requireUser(req.actor);
        const list = (m: Record<string, { es: string; en: string }>) => Object.entries(m).map(([code, l]) => ({ code, label: l[req.locale] }));
        return { marks: list(MARK_CODES), belongings: list(BELONGING_CODES) };
      },
    );

    app.get('/cases/grants', { schema: { tags, summary: 'Capacities granted (secretariat: all; a focal point: their country)', response: { 200: grantList } } }, async (req) => grants.list(req.actor));
    app.get('/cases/grants/accounts', { schema: { tags, summary: "A focal point's country's active accounts, to propose a capacity for", response: { 200: accountsOut } } }, async (req) => grants.accounts(req.actor));
    app.post('/cases/grants', { schema: { tags, summary: "A focal point proposes a capacity for an account of their country (active once the secretariat confirms)", body: grantBody, response: { 201: createdOut } } }, async (req, reply) =>
      reply.status(201).send(await grants.propose(req.actor, metaOf(req), req.body)),
    );
    app.post('/cases/grants/:id/confirm', { schema: { tags, summary: 'The secretariat confirms a proposed capacity', params: idParams, response: { 200: createdOut } } }, async (req) => grants.confirm(req.actor, metaOf(req), req.params.id));
    app.post('/cases/grants/:id/revoke', { schema: { tags, summary: "The country's focal point or the secretariat ends a capacity", params: idParams, response: { 200: createdOut } } }, async (req) => grants.revoke(req.actor, metaOf(req), req.params.id));

    app.get('/cases/records', { schema: { tags, summary: "Records the caller's country holds or receives: comparison fields only", querystring: listQuery, response: { 200: recordList } } }, async (req) => records.list(req.actor, req.query));
    app.post('/cases/reports', { schema: { tags, summary: 'A search authority records a missing-person report (personal fields encrypted)', body: reportBody, response: { 201: createdOut } } }, async (req, reply) =>
      reply.status(201).send(await records.createReport(req.actor, metaOf(req), req.body)),
    );
    app.post('/cases/remains', { schema: { tags, summary: 'A forensic service records unidentified remains (personal fields encrypted)', body: remainsBody, response: { 201: createdOut } } }, async (req, reply) =>
      reply.status(201).send(await records.createRemains(req.actor, metaOf(req), req.body)),
    );
    const corrected = { 200: correctedOut };
    app.put('/cases/reports/:id', { schema: { tags, summary: 'Its search authority corrects a report (the version read; 409 if corrected since)', params: idParams, body: reportCorrection, response: corrected } }, async (req) =>
      records.correct(req.actor, metaOf(req), req.params.id, 'report', req.body),
    );
    app.put('/cases/remains/:id', { schema: { tags, summary: 'Its forensic service corrects a remains record (the version read; 409 if corrected since)', params: idParams, body: remainsCorrection, response: corrected } }, async (req) =>
      records.correct(req.actor, metaOf(req), req.params.id, 'remains', req.body),
    );
    app.post('/cases/records/:id/read', { schema: { tags, summary: 'Read one record, giving the reason (kept, shown to its author)', params: idParams, body: reasonBody, response: { 200: recordPage } } }, async (req) =>
      records.get(req.actor, metaOf(req), req.params.id, req.body.reason),
    );
    app.post('/cases/records/:id/status', { schema: { tags, summary: 'Change the status of a record (its author)', params: idParams, body: statusBody, response: { 200: statusChanged } } }, async (req) =>
      records.setStatus(req.actor, metaOf(req), req.params.id, req.body.status),
    );
    app.post('/cases/records/:id/sharing', { schema: { tags, summary: 'Change the countries a record is shared with (the consent)', params: idParams, body: sharingBody, response: { 200: sharingOut } } }, async (req) =>
      records.setSharing(req.actor, metaOf(req), req.params.id, req.body),
    );
    app.post('/cases/records/:id/withdraw', { schema: { tags, summary: 'Withdraw a record from the exchange (its author)', params: idParams, response: { 200: withdrawnOut } } }, async (req) =>
      records.withdraw(req.actor, metaOf(req), req.params.id),
    );
    app.get('/cases/records/:id/candidates', { schema: { tags, summary: 'Candidate matches of a record, best first, each with why it scores (never a decision)', params: idParams, querystring: candidatesQuery, response: { 200: candidateList } } }, async (req) =>
      candidates.list(req.actor, req.params.id, req.query.radiusKm),
    );
    app.post('/cases/candidates/:reportId/:remainsId/read', { schema: { tags, summary: 'A candidate pair side by side (the other side’s personal fields once both opened it), with a reason', params: pairParams, body: reasonBody, response: { 200: pairOut } } }, async (req) =>
      candidates.pair(req.actor, metaOf(req), req.params.reportId, req.params.remainsId, req.body.reason),
    );
    app.post('/cases/candidates/:reportId/:remainsId/open', { schema: { tags, summary: 'One side opens a candidate pair, with a reason', params: pairParams, body: reasonBody, response: { 200: pairStateOut } } }, async (req) =>
      candidates.open(req.actor, metaOf(req), req.params.reportId, req.params.remainsId, req.body.reason),
    );
    app.post('/cases/candidates/:reportId/:remainsId/mark', { schema: { tags, summary: 'Mark a candidate: being examined, excluded, confirmed by identification', params: pairParams, body: markBody, response: { 200: pairStateOut } } }, async (req) =>
      candidates.mark(req.actor, metaOf(req), req.params.reportId, req.params.remainsId, req.body.mark),
    );
  };
}
