import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { homeAnswer, workspaceOverview } from '../../../shared/contracts/home.ts';
import type { HomeService } from './service.ts';
import type { WorkspaceService } from './workspace.ts';

/** HTTP only: the schema, the cache header, a call to the service. */
export function homeRoutes(service: HomeService, workspace?: WorkspaceService): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/home',
      {
        schema: {
          tags: ['site'],
          summary: "The home page: the region's latest released figures per flow (year, sum, member countries covered), the newest releases, practices, roadmaps and pledges — public content only, the same for every reader",
          response: { 200: homeAnswer },
        },
      },
      async (req, reply) => {
        // Public content only, whoever asks: every reader may keep it for a minute.
        reply.header('cache-control', 'public, max-age=60');
        return service.home(req.locale);
      },
    );
    if (!workspace) return;
    app.get(
      '/workspace/overview',
      {
        schema: {
          tags: ['site'],
          summary:
            "Signed in: the person's first page — a focal point's country data status per dataflow (published periods, last and next release, missed announced moments, last import, what waits on whom, next steps) and the practices that ask something of them",
          response: { 200: workspaceOverview },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'private, no-cache');
        return workspace.overview(req.actor, req.locale);
      },
    );
  };
}
