import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import { metaOf } from '../../platform/http/context.ts';
import type { CooperationService } from './service.ts';
import type { Cooperations } from './cooperations.ts';
import { matchRequest } from './matching.ts';
import { editOffer, editRequest } from './editing.ts';
import {
  cooperationDto,
  cooperationStatusInput,
  cooperationsList,
  cooperationsQuery,
  createdDto,
  editedDto,
  gapsDto,
  idParams as id,
  interestInput,
  listQuery,
  matchesDto,
  offerDetail,
  offerEdit,
  offerInput,
  offerList,
  requestDetail,
  requestEdit,
  requestInput,
  requestList,
  statusDto,
  statusInput,
  toActionInput,
} from '../../../shared/contracts/cooperation.ts';

const tags = ['cooperation'];

/** HTTP only: the hub's schemas (request and answer) and a call to the use case. */
export function cooperationRoutes(db: Database, hub: CooperationService, coops: Cooperations): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/cooperation/requests', { schema: { tags, summary: 'Requests for support, with facets (objective, kind, country); members-only ones to members', querystring: listQuery, response: { 200: requestList } } }, async (req, reply) => {
      reply.header('cache-control', 'private, no-store');
      return hub.listRequests(req.actor, req.query, req.locale);
    });
    app.post('/cooperation/requests', { schema: { tags, summary: 'A focal point posts a request for its own country (the secretariat for any)', body: requestInput, response: { 201: createdDto } } }, async (req, reply) =>
      reply.status(201).send(await hub.createRequest(req.actor, metaOf(req), req.body)),
    );
    app.get('/cooperation/requests/:id', { schema: { tags, summary: 'A request, its history and (for members) its cooperations', params: id, response: { 200: requestDetail } } }, async (req, reply) => {
      reply.header('cache-control', 'private, no-store');
      return hub.request(req.actor, req.params.id, req.locale);
    });
    app.put('/cooperation/requests/:id', { schema: { tags, summary: 'Edit a request after posting (its country’s focal points, the secretariat); the history names the fields changed', params: id, body: requestEdit, response: { 200: editedDto } } }, async (req) =>
      editRequest(db, req.actor, metaOf(req), req.params.id, req.body),
    );
    app.post('/cooperation/requests/:id/status', { schema: { tags, summary: 'Publish or close a request (its country’s focal points, the secretariat)', params: id, body: statusInput, response: { 200: statusDto } } }, async (req) =>
      hub.setRequestStatus(req.actor, metaOf(req), req.params.id, req.body.status, req.body.note),
    );
    app.get('/cooperation/requests/:id/matches', { schema: { tags, summary: 'What the platform proposes for a request: practices, countries and offers on the same objectives, each saying why', params: id, response: { 200: matchesDto } } }, async (req, reply) => {
      reply.header('cache-control', 'private, no-store');
      return matchRequest(db, hub, req.actor, req.params.id, req.locale);
    });
    app.post('/cooperation/requests/:id/interest', { schema: { tags, summary: 'Express interest: a party offers help (optionally with its offer), or the requester picks an offer', params: id, body: interestInput, response: { 200: cooperationDto } } }, async (req) =>
      coops.interest(req.actor, metaOf(req), req.params.id, req.body, req.locale),
    );
    app.get('/cooperation/offers', { schema: { tags, summary: 'Offers of support, with facets (objective, kind, country, organisation)', querystring: listQuery, response: { 200: offerList } } }, async (req, reply) => {
      reply.header('cache-control', 'private, no-store');
      return hub.listOffers(req.actor, req.query, req.locale);
    });
    app.post('/cooperation/offers', { schema: { tags, summary: 'A focal point (for its country) or a contributor (for its organisation) posts an offer', body: offerInput, response: { 201: createdDto } } }, async (req, reply) =>
      reply.status(201).send(await hub.createOffer(req.actor, metaOf(req), req.body)),
    );
    app.get('/cooperation/offers/:id', { schema: { tags, summary: 'An offer and its history', params: id, response: { 200: offerDetail } } }, async (req, reply) => {
      reply.header('cache-control', 'private, no-store');
      return hub.offer(req.actor, req.params.id, req.locale);
    });
    app.put('/cooperation/offers/:id', { schema: { tags, summary: 'Edit an offer after posting (its owners, the secretariat); the history names the fields changed', params: id, body: offerEdit, response: { 200: editedDto } } }, async (req) =>
      editOffer(db, req.actor, metaOf(req), req.params.id, req.body),
    );
    app.post('/cooperation/offers/:id/status', { schema: { tags, summary: 'Publish or close an offer (its owners, the secretariat)', params: id, body: statusInput, response: { 200: statusDto } } }, async (req) =>
      hub.setOfferStatus(req.actor, metaOf(req), req.params.id, req.body.status, req.body.note),
    );
    app.get('/cooperation/gaps', { schema: { tags, summary: 'Needs versus offers by GCM objective: where the region asks and nobody offers', response: { 200: gapsDto } } }, async (req, reply) => {
      reply.header('cache-control', 'private, no-store');
      return hub.gaps(req.actor, req.locale);
    });
    app.get('/cooperation/cooperations', { schema: { tags, summary: 'Members: the cooperations of a country (as requester or partner) or of an organisation', querystring: cooperationsQuery, response: { 200: cooperationsList } } }, async (req, reply) => {
      reply.header('cache-control', 'private, no-store');
      return coops.list(req.actor, req.query, req.locale);
    });
    app.post('/cooperation/cooperations/:id/status', { schema: { tags, summary: 'Change a cooperation’s status (either party, the secretariat); the parties are e-mailed', params: id, body: cooperationStatusInput, response: { 200: cooperationDto } } }, async (req) =>
      coops.setStatus(req.actor, metaOf(req), req.params.id, req.body.status, req.body.note, req.locale),
    );
    app.post('/cooperation/cooperations/:id/roadmap-action', { schema: { tags, summary: 'Secretariat: turn a cooperation into an action of a roadmap, in one step', params: id, body: toActionInput, response: { 201: cooperationDto } } }, async (req, reply) =>
      reply.status(201).send(await coops.toRoadmapAction(req.actor, metaOf(req), req.params.id, req.body, req.locale)),
    );
  };
}
