import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { metaOf } from '../../../platform/http/context.ts';
import type { ObservatoryService } from '../service.ts';
import { noContent } from '../../../../shared/contracts/common.ts';
import { approveBody, calendarItem, calendarList, calendarQuery, dataflowId, policy, policyBody, policyList, publishNowBody, returnBody, scheduleBody, scheduled, submissionList, submissionReport, submissionsQuery } from '../../../../shared/contracts/observatory.ts';

/**
 * The submission workflow and the release calendar (workflow.ts, calendar.ts; docs/adr/0007):
 * the approval queue, approve / return, each country's visibility and approval policy, and
 * the announced release moments the scheduled job turns into releases.
 */
const dataflow = dataflowId.default('MIG_FLOWS');
const country = z
  .string()
  .regex(/^[A-Za-z]{3}$/)
  .transform((s) => s.toUpperCase());
const id = z.object({ id: z.string().uuid() });

export function workflowRoutes(service: ObservatoryService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/submissions',
      {
        schema: {
          tags: ['observatory'],
          summary: "Submissions the caller may see (a focal point: their country's; the secretariat: all). status=submitted is the approval queue.",
          querystring: submissionsQuery,
          response: { 200: submissionList },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'private, no-store');
        return service.submissions(req.actor, req.query);
      },
    );
    app.post(
      '/submissions/:id/approve',
      { schema: { tags: ['observatory'], summary: "Approve a country's submitted figures (secretariat): applied in one transaction", params: id, body: approveBody, response: { 200: submissionReport } } },
      async (req) => service.approve(req.actor, metaOf(req), req.params.id, req.locale, req.body?.comment),
    );
    app.post(
      '/submissions/:id/return',
      { schema: { tags: ['observatory'], summary: 'Return a submitted submission to its country with a comment (secretariat); nothing is applied', params: id, body: returnBody, response: { 200: submissionReport } } },
      async (req) => service.returnToCountry(req.actor, metaOf(req), req.params.id, req.locale, req.body.comment),
    );

    app.get(
      '/observatory/policies',
      { schema: { tags: ['observatory'], summary: "Each country's choice: visibility of its released figures (country / members / public) and automatic approval", querystring: z.object({ dataflow }), response: { 200: policyList } } },
      async (req) => service.policies(req.query.dataflow),
    );
    app.put(
      '/observatory/policies/:country',
      {
        schema: {
          tags: ['observatory'],
          summary: "Set a country's visibility and approval policy (secretariat, or the country's focal point). Narrowing visibility hides earlier releases beyond it.",
          params: z.object({ country }),
          body: policyBody,
          response: { 200: policy },
        },
      },
      async (req) => service.setPolicy(req.actor, metaOf(req), req.body.dataflow, req.params.country, { visibility: req.body.visibility, autoApprove: req.body.autoApprove }),
    );

    app.get(
      '/release-calendar',
      {
        schema: {
          tags: ['observatory'],
          summary: 'The release calendar: announced, done, skipped and cancelled release moments per country (no figures)',
          querystring: calendarQuery,
          response: { 200: calendarList },
        },
      },
      async (req, reply) => {
        // people who schedule and cancel must see their change at once; everyone else may share a minute-old copy
        reply.header('cache-control', req.actor.kind === 'user' ? 'private, no-store' : 'public, max-age=60');
        return service.calendar(req.query.dataflow, { country: req.query.country, from: req.query.from ? new Date(req.query.from) : undefined }, req.locale);
      },
    );
    app.post(
      '/release-calendar',
      {
        schema: {
          tags: ['observatory'],
          summary:
            "Announce a release moment for a country (secretariat, or the country's focal point); at that moment its approved figures are released. With repeatMonths (2–24), as many moments a month apart, all or none (the answer's `series` lists them)",
          body: scheduleBody,
          response: { 201: scheduled },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const entry = await service.schedule(req.actor, metaOf(req), b.dataflow, { country: b.country, releaseAt: new Date(b.releaseAt), level: b.level, note: b.note, repeatMonths: b.repeatMonths }, req.locale);
        return reply.status(201).send(entry);
      },
    );
    app.post(
      '/release-calendar/publish-now',
      {
        schema: {
          tags: ['observatory'],
          summary:
            "Publish now: release a country's approved figures at once, beside scheduling (the same permission: secretariat, or the country's focal point; recorded in the calendar as released). 409 with the reason when there is nothing to publish (no approved figures, or none new since the last release at that level)",
          body: publishNowBody,
          response: { 201: calendarItem },
        },
      },
      async (req, reply) => {
        const b = req.body;
        const entry = await service.publishNow(req.actor, metaOf(req), b.dataflow, { country: b.country, level: b.level, note: b.note }, req.locale);
        return reply.status(201).send(entry);
      },
    );
    app.delete(
      '/release-calendar/:id',
      { schema: { tags: ['observatory'], summary: 'Cancel an announced release moment that is not yet due', params: id, response: { 204: noContent } } },
      async (req, reply) => {
        await service.cancelScheduled(req.actor, metaOf(req), req.params.id, req.locale);
        return reply.status(204).send(null);
      },
    );
  };
}
