import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Database } from '../../platform/db/database.ts';
import type { Role } from '../../platform/db/schema.ts';
import type { Actor } from '../../platform/http/context.ts';
import { requireRole } from '../../platform/authz.ts';
import { firstStepList, STEP_KEYS } from '../../../shared/contracts/identity.ts';

/**
 * The administrator's first steps after set-up (issue 21, item 2): a checklist whose every
 * tick is read from the platform's state, never from "the administrator said so":
 * - secretariat / focal points: an active account with that role (done), or an open
 *   invitation for one (invited);
 * - mail: the server has an SMTP address (invitations cannot reach anyone without it);
 * - organisations: someone has created or edited an organisation (the seed's list was checked).
 */
export { STEP_KEYS };
export type StepKey = (typeof STEP_KEYS)[number];
export type StepState = 'done' | 'invited' | 'todo';
export interface FirstStep {
  key: StepKey;
  state: StepState;
  /** the page where the step is done; null for a server setting */
  link: string | null;
}

export class FirstSteps {
  constructor(
    private readonly db: Database,
    private readonly mailConfigured: boolean,
  ) {}

  private async people(role: Role): Promise<StepState> {
    const active = await this.db.selectFrom('app_user').select('id').where('role', '=', role).where('status', '=', 'active').limit(1).executeTakeFirst();
    if (active) return 'done';
    const open = await this.db
      .selectFrom('one_time_token')
      .select('id')
      .where('purpose', '=', 'invitation')
      .where('role', '=', role)
      .where('used_at', 'is', null)
      .where('replaced_at', 'is', null)
      .where('expires_at', '>', new Date())
      .limit(1)
      .executeTakeFirst();
    return open ? 'invited' : 'todo';
  }

  async list(actor: Actor): Promise<FirstStep[]> {
    requireRole(actor, 'admin');
    const [secretariat, focalPoints, orgs] = await Promise.all([
      this.people('secretariat'),
      this.people('focal_point'),
      this.db.selectFrom('audit_event').select('id').where('entity_type', '=', 'organisation').where('action', 'in', ['organisation.create', 'organisation.update']).where('actor_user_id', 'is not', null).limit(1).executeTakeFirst(),
    ]);
    return [
      { key: 'secretariat', state: secretariat, link: '/admin/invitations' },
      { key: 'mail', state: this.mailConfigured ? 'done' : 'todo', link: null },
      { key: 'organisations', state: orgs ? 'done' : 'todo', link: '/admin/organisations' },
      { key: 'focalPoints', state: focalPoints, link: '/admin/invitations' },
    ];
  }
}

export function firstStepsRoutes(steps: FirstSteps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/admin/first-steps',
      { schema: { tags: ['admin'], summary: "The administrator's first-steps checklist, each step ticked from the platform's state (accounts, invitations, mail setting, organisations edited)", response: { 200: firstStepList } } },
      async (req, reply) => {
        reply.header('cache-control', 'private, no-store');
        return { items: await steps.list(req.actor) };
      },
    );
  };
}
