import type { DataflowStatus, NextStep, WorkspaceOverview } from '../../../shared/contracts/home.ts';
import { requireUser } from '../../platform/authz.ts';
import type { Actor, UserActor } from '../../platform/http/context.ts';
import type { Locale } from '../../platform/i18n/index.ts';
import type { ObservatoryService, PublicDataReader } from '../observatory/index.ts';
import type { PracticeEditingService } from '../practices/index.ts';
import type { ReferenceService } from '../reference/index.ts';

export interface WorkspaceSources {
  observatory: ObservatoryService;
  /** the public's reading of one dataflow (released figures only) */
  publicReader: (dataflowId: string) => PublicDataReader;
  editing: PracticeEditingService;
  reference: ReferenceService;
  clock?: () => Date;
}

/** Practices that ask something of their authors (or, for the secretariat, of the reviewers). */
const OPEN_WORKFLOWS = new Set(['draft', 'changes_requested', 'submitted']);
/** How far back a missed release moment is still worth showing. */
const OVERDUE_WINDOW_MS = 365 * 24 * 3600 * 1000;
const SUBMISSIONS_READ = 200;

type Submission = Awaited<ReturnType<ObservatoryService['submissions']>>['items'][number];

/**
 * The first page a signed-in person sees (issue 21, item 2). A focal point: their country's
 * data status per dataflow — what the public sees, the last and next release, announced
 * moments that passed without one, the last import, what waits on whom — and the next step.
 * Everyone: their practices (their country's for a focal point, their organisation's for a
 * contributor, the review queue for the secretariat) that ask something of them.
 */
export class WorkspaceService {
  constructor(private readonly s: WorkspaceSources) {}

  async overview(actor: Actor, locale: Locale): Promise<WorkspaceOverview> {
    const user = requireUser(actor);
    const [practices, countries] = await Promise.all([this.s.editing.workspace(actor, []), user.countryCode ? this.s.reference.countries(locale) : Promise.resolve([])]);
    const counts: Record<string, number> = {};
    for (const p of practices) counts[p.workflow] = (counts[p.workflow] ?? 0) + 1;
    const open = practices
      .filter((p) => OPEN_WORKFLOWS.has(p.workflow))
      .slice(0, 20)
      .map((p) => ({ id: p.id, slug: p.slug, title: p.title, workflow: p.workflow, updatedAt: p.updatedAt, reviewComment: p.reviewComment }));
    const country = user.countryCode ? { code: user.countryCode, name: countries.find((c) => c.code === user.countryCode)?.name ?? user.countryCode } : null;
    const data = user.role === 'focal_point' && user.countryCode ? await this.dataStatus(user, user.countryCode, locale) : [];
    return { role: user.role, country, data, practices: { counts, open } };
  }

  private async dataStatus(user: UserActor, country: string, locale: Locale): Promise<DataflowStatus[]> {
    const { items: dataflows } = await this.s.observatory.dataflows(locale);
    return Promise.all(dataflows.map((d) => this.flowStatus(user, { id: d.id, name: d.name, frequency: d.frequency }, country, locale)));
  }

  private async flowStatus(user: UserActor, d: { id: string; name: string; frequency: string }, country: string, locale: Locale): Promise<DataflowStatus> {
    const now = this.s.clock?.() ?? new Date();
    const [published, releases, calendar, submissions] = await Promise.all([
      this.published(d, country, locale),
      this.s.observatory.releases(d.id),
      this.s.observatory.calendar(d.id, { country, from: new Date(now.getTime() - OVERDUE_WINDOW_MS) }, locale),
      this.s.observatory.submissions(user, { dataflow: d.id, country, limit: SUBMISSIONS_READ }),
    ]);
    const made = releases.items.filter((r) => !r.announced && r.country === country);
    const last = made[0] ?? null;
    const upcoming = calendar.items.filter((e) => e.status === 'scheduled' && new Date(e.releaseAt) > now).sort((a, b) => a.releaseAt.localeCompare(b.releaseAt));
    const overdue = calendar.items
      .filter((e) => (e.status === 'scheduled' && new Date(e.releaseAt) <= now) || e.status === 'skipped')
      .map((e) => ({ at: e.releaseAt, status: e.status as 'scheduled' | 'skipped', reason: e.reason }));
    const pending = pendingOf(submissions.items, last?.cutoff ?? null);
    return {
      dataflow: d.id,
      name: d.name,
      published,
      lastRelease: last ? { at: last.releaseAt, level: last.level } : null,
      nextRelease: upcoming[0] ? { at: upcoming[0].releaseAt, level: upcoming[0].level } : null,
      overdue,
      lastImport: submissions.items[0] ? { id: submissions.items[0].id, fileName: submissions.items[0].fileName, status: submissions.items[0].status, at: submissions.items[0].createdAt } : null,
      pending,
      next: nextSteps(pending, upcoming.length > 0),
    };
  }

  /** What anyone sees of the country today, per flow: the public answer, grouped by flow and period. */
  private async published(d: { id: string; frequency: string }, country: string, locale: Locale): Promise<DataflowStatus['published']> {
    const [answer, structure] = await Promise.all([
      this.s.publicReader(d.id).ask({ filters: { REF_AREA: [country] }, groupBy: ['FLOW', 'TIME_PERIOD'], timeAggregation: d.frequency === 'Q' ? 'quarter' : d.frequency === 'A' ? 'year' : 'month' }),
      this.s.observatory.dataflow(d.id, locale),
    ]);
    const names = new Map((structure.dimensions.find((x) => x.id === 'FLOW')?.codes ?? []).map((c) => [c.id, c.name]));
    const byFlow = new Map<string, string[]>();
    for (const o of answer.observations) {
      // a withheld or empty cell is still a period the country published
      const flow = String(o.FLOW);
      byFlow.set(flow, [...(byFlow.get(flow) ?? []), String(o.TIME_PERIOD)]);
    }
    return [...byFlow.entries()]
      .map(([flow, periods]) => {
        const sorted = [...new Set(periods)].sort();
        return { flow, name: names.get(flow) ?? flow, first: sorted[0]!, last: sorted[sorted.length - 1]!, periods: sorted.length };
      })
      .sort((a, b) => a.name.localeCompare(b.name, locale));
  }
}

/** What waits on whom, from the country's submissions (newest first) and the last release's cutoff. */
export function pendingOf(items: Pick<Submission, 'status' | 'appliedAt'>[], lastCutoff: string | null): DataflowStatus['pending'] {
  return {
    toConfirm: items.filter((s) => s.status === 'validated').length,
    awaitingApproval: items.filter((s) => s.status === 'submitted').length,
    returned: items.filter((s) => s.status === 'returned').length,
    unreleased: items.filter((s) => s.status === 'applied' && s.appliedAt !== null && (lastCutoff === null || s.appliedAt > lastCutoff)).length,
  };
}

/** The focal point's next steps, most urgent first; sending data is always possible. */
export function nextSteps(p: DataflowStatus['pending'], announced: boolean): NextStep[] {
  const out: NextStep[] = [];
  if (p.returned) out.push('fixReturned');
  if (p.toConfirm) out.push('confirmValidated');
  if (p.unreleased) out.push('releaseApplied');
  else if (!announced) out.push('announceRelease');
  out.push('sendData');
  return out;
}
