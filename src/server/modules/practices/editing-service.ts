import type { Database, Executor } from '../../platform/db/database.ts';
import { announcePublicChange } from '../../platform/db/changes.ts';
import type { Actor, RequestMeta, UserActor } from '../../platform/http/context.ts';
import { Conflict, Forbidden, Invalid, NotFound, type Issue } from '../../platform/http/errors.ts';
import { hasRole, requireUser } from '../../platform/authz.ts';
import { recordAudit } from '../../platform/audit/index.ts';
import { dynamicKey } from '../../platform/i18n/index.ts';
import { practiceInput, type PracticeInput } from '../../../shared/practice-schema.ts';
import { practiceRecord } from '../../../shared/contracts/practices.ts';
import { rebuildLexicon } from './seed.ts';
import * as w from './write-repository.ts';

type Head = NonNullable<Awaited<ReturnType<typeof w.head>>>;

/** Conflict that carries the other person's saved version, so the UI can show it. */
export class EditConflict extends Conflict {
  constructor(current: Record<string, unknown> | undefined, currentVersion: number) {
    super('errors.editConflict');
    this.details = { current, currentVersion };
  }
}

/** The workflow states in which a practice is still its authors' draft. */
const DELETABLE = ['draft', 'changes_requested'] as const;

function slugify(s: string): string {
  return (
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'practica'
  );
}

const isReviewer = (a: Actor) => hasRole(a, 'admin', 'secretariat');

/**
 * Writing practices: drafts by focal points (for their country) and contributors (for
 * their organisation), review by the secretariat, endorsement by states, versions.
 */
export class PracticeEditingService {
  constructor(private readonly db: Database) {}

  private owns(user: UserActor, h: Head): boolean {
    if (isReviewer(user)) return true;
    if (user.role === 'focal_point') return h.owner_country !== null && h.owner_country === user.countryCode;
    if (user.role === 'contributor') return h.owner_organisation !== null && h.owner_organisation === user.organisationId;
    return false;
  }

  private async load(db: Executor, id: string): Promise<Head> {
    const h = /^[0-9a-f-]{36}$/i.test(id) ? await w.head(db, id) : undefined;
    if (!h) throw new NotFound('errors.practiceNotFound');
    return h;
  }

  /** Codes must exist; a focal point writes for its own country, a contributor for its organisation. */
  private async check(db: Executor, user: UserActor, p: PracticeInput): Promise<void> {
    const known = await w.existingCodes(db, p);
    const issues: Issue[] = [];
    p.countries.forEach((c, i) => !known.countries.has(c) && issues.push({ path: `countries.${i}`, key: 'errors.countryNotFound', params: { code: c } }));
    p.organisations.forEach((o, i) => !known.organisations.has(o) && issues.push({ path: `organisations.${i}`, key: 'errors.organisationNotFound', params: { code: o } }));
    p.objectives.forEach((o, i) => !known.objectives.has(o) && issues.push({ path: `objectives.${i}`, key: 'errors.objectiveNotFound', params: { number: o } }));
    p.principles.forEach((x, i) => !known.principles.has(x) && issues.push({ path: `principles.${i}`, key: 'errors.principleNotFound', params: { code: x } }));
    if (user.role === 'focal_point' && user.countryCode && !p.countries.includes(user.countryCode)) {
      issues.push({ path: 'countries', key: 'errors.practiceMustNameOwnCountry', params: { code: user.countryCode } });
    }
    if (issues.length) throw new Invalid(issues);
  }

  parse(body: unknown): PracticeInput {
    const r = practiceInput.safeParse(body);
    if (r.success) return r.data;
    throw new Invalid(
      r.error.issues.map((i) => {
        const params = (i as { params?: { key?: string } }).params;
        return { path: i.path.join('.'), key: params?.key ? dynamicKey(params.key) : 'errors.fieldInvalid', params: { detail: i.message } };
      }),
    );
  }

  async create(actor: Actor, meta: RequestMeta, p: PracticeInput) {
    const user = requireUser(actor);
    if (!['admin', 'secretariat', 'focal_point', 'contributor'].includes(user.role)) throw new Forbidden();
    return this.db.transaction().execute(async (tx) => {
      await this.check(tx, user, p);
      const base = slugify(Object.values(p.title)[0] ?? '');
      let slug = base;
      for (let n = 2; await w.slugTaken(tx, slug); n++) slug = `${base}-${n}`;
      const id = await w.insertPractice(tx, p, {
        slug,
        createdBy: user.id,
        ownerCountry: user.role === 'focal_point' ? user.countryCode : null,
        ownerOrganisation: user.role === 'contributor' ? user.organisationId : null,
        // An organisation's account of a country's practice waits for that state's endorsement.
        validation: user.role === 'contributor' ? 'stakeholder' : 'state',
      });
      await w.insertVersion(tx, id, { id: user.id, label: user.email }, 'created');
      await recordAudit(tx, actor, meta, { action: 'practice.create', entityType: 'practice', entityId: id, after: await w.snapshot(tx, id) });
      return { id, slug, version: 1, workflow: 'draft' as const };
    });
  }

  async update(actor: Actor, meta: RequestMeta, id: string, p: PracticeInput, expectedVersion: number) {
    const user = requireUser(actor);
    return this.db.transaction().execute(async (tx) => {
      const h = await this.load(tx, id);
      if (!this.owns(user, h)) throw new Forbidden();
      // Authors edit their drafts; once submitted or published, only the secretariat edits.
      if (!isReviewer(user) && !['draft', 'changes_requested'].includes(h.workflow)) throw new Conflict('errors.practiceLocked');
      await this.check(tx, user, p);
      const before = await w.snapshot(tx, h.id);
      if (!(await w.updatePractice(tx, h.id, p, expectedVersion))) {
        throw new EditConflict(before, h.version);
      }
      await w.insertVersion(tx, h.id, { id: user.id, label: user.email }, null);
      const after = await w.snapshot(tx, h.id);
      await recordAudit(tx, actor, meta, { action: 'practice.update', entityType: 'practice', entityId: h.id, before, after });
      if (h.workflow === 'published') await publishedChanged(tx);
      return { id: h.id, version: expectedVersion + 1 };
    });
  }

  private async transition(actor: Actor, meta: RequestMeta, id: string, action: string, run: (tx: Executor, user: UserActor, h: Head) => Promise<void>) {
    const user = requireUser(actor);
    return this.db.transaction().execute(async (tx) => {
      const h = await this.load(tx, id);
      await run(tx, user, h);
      await w.insertVersion(tx, h.id, { id: user.id, label: user.email }, action);
      const after = await w.head(tx, h.id);
      await recordAudit(tx, actor, meta, { action: `practice.${action}`, entityType: 'practice', entityId: h.id, before: { workflow: h.workflow }, after: { workflow: after?.workflow, validation: after?.validation } });
      return { id: h.id, workflow: after?.workflow, validation: after?.validation, version: after?.version };
    });
  }

  submit(actor: Actor, meta: RequestMeta, id: string) {
    return this.transition(actor, meta, id, 'submit', async (tx, user, h) => {
      if (!this.owns(user, h)) throw new Forbidden();
      if (!['draft', 'changes_requested'].includes(h.workflow)) throw new Conflict('errors.practiceWrongState');
      await w.setWorkflow(tx, h.id, 'submitted');
    });
  }

  review(actor: Actor, meta: RequestMeta, id: string, decision: 'publish' | 'request_changes' | 'reject', comment: string | null) {
    return this.transition(actor, meta, id, decision, async (tx, user, h) => {
      if (!isReviewer(user)) throw new Forbidden();
      if (h.workflow !== 'submitted') throw new Conflict('errors.practiceWrongState');
      if (decision !== 'publish' && !comment?.trim()) throw new Invalid([{ path: 'comment', key: 'errors.reviewCommentRequired' }]);
      if (decision === 'publish') {
        await w.setWorkflow(tx, h.id, 'published', { reviewComment: null, publishedAt: new Date() });
        await publishedChanged(tx);
      } else await w.setWorkflow(tx, h.id, decision === 'reject' ? 'rejected' : 'changes_requested', { reviewComment: comment });
    });
  }

  endorse(actor: Actor, meta: RequestMeta, id: string) {
    return this.transition(actor, meta, id, 'endorse', async (tx, user, h) => {
      const snap = await w.snapshot(tx, h.id);
      const countries = (snap?.countries as string[] | undefined) ?? [];
      if (user.role !== 'focal_point' || !user.countryCode || !countries.includes(user.countryCode)) throw new Forbidden('errors.endorseOwnCountryOnly');
      if (h.validation === 'state') throw new Conflict('errors.alreadyEndorsed');
      await w.endorse(tx, h.id, user.id);
    });
  }

  async history(actor: Actor, id: string) {
    const h = await this.load(this.db, id);
    if (h.workflow !== 'published') {
      const user = requireUser(actor);
      if (!this.owns(user, h)) throw new NotFound('errors.practiceNotFound');
    }
    const rows = await w.versions(this.db, h.id);
    const signedIn = actor.kind === 'user';
    return rows.map((r, i) => {
      const prev = rows[i + 1]?.snapshot as Record<string, unknown> | undefined;
      const cur = r.snapshot as Record<string, unknown>;
      // The contact is personal data: hidden from anonymous readers, in history too.
      const changed = Object.keys(cur).filter((k) => (signedIn || k !== 'contact') && JSON.stringify(cur[k]) !== JSON.stringify(prev?.[k]));
      return {
        version: r.version,
        workflow: r.workflow,
        by: signedIn ? r.changed_by_label : null,
        at: new Date(r.changed_at).toISOString(),
        note: r.note,
        changes: prev ? changed.map((k) => ({ field: k, before: prev[k] ?? null, after: cur[k] ?? null })) : [],
      };
    });
  }

  async restore(actor: Actor, meta: RequestMeta, id: string, version: number) {
    const user = requireUser(actor);
    if (!isReviewer(user)) throw new Forbidden();
    return this.db.transaction().execute(async (tx) => {
      const h = await this.load(tx, id);
      const v = await w.version(tx, h.id, version);
      if (!v) throw new NotFound('errors.versionNotFound', { version });
      const p = this.parse(v.snapshot);
      const before = await w.snapshot(tx, h.id);
      if (!(await w.updatePractice(tx, h.id, p, h.version))) throw new EditConflict(before, h.version);
      await w.insertVersion(tx, h.id, { id: user.id, label: user.email }, `restore ${version}`);
      await recordAudit(tx, actor, meta, { action: 'practice.restore', entityType: 'practice', entityId: h.id, before, after: await w.snapshot(tx, h.id) });
      if (h.workflow === 'published') await publishedChanged(tx);
      return { id: h.id, version: h.version + 1 };
    });
  }

  /**
   * Deletes a draft: its authors or the secretariat, while nobody else has been asked to act on it
   * (never submitted, or sent back). Submitted and published practices stay: others rely on them.
   * Attachment files stay in the store, which is shared by content hash.
   */
  async deleteDraft(actor: Actor, meta: RequestMeta, id: string) {
    const user = requireUser(actor);
    await this.db.transaction().execute(async (tx) => {
      const h = await this.load(tx, id);
      if (!this.owns(user, h)) throw new Forbidden();
      const before = await w.snapshot(tx, h.id);
      // Checked by the delete itself, so a submission at the same moment wins rather than being lost.
      if (!(await w.deleteIn(tx, h.id, DELETABLE))) throw new Conflict('errors.practiceNotDraft');
      await recordAudit(tx, actor, meta, { action: 'practice.delete', entityType: 'practice', entityId: h.id, before: { workflow: h.workflow, ...before } });
    });
  }

  /** The editable record, for its authors and the secretariat (any workflow state). */
  async forEdit(actor: Actor, id: string) {
    const user = requireUser(actor);
    const h = await this.load(this.db, id);
    if (!this.owns(user, h)) throw new Forbidden();
    return {
      id: h.id,
      slug: h.slug,
      workflow: h.workflow,
      validation: h.validation,
      version: h.version,
      reviewComment: h.review_comment,
      // The snapshot is built in SQL (untyped): read it through the contract's shape of the record.
      practice: practiceRecord.parse(await w.snapshot(this.db, h.id)),
      attachments: await w.attachments(this.db, h.id),
    };
  }

  /** My drafts and submissions; for the secretariat, the review queue. */
  async workspace(actor: Actor, workflow: string[]) {
    const user = requireUser(actor);
    const rows = await w.listForActor(this.db, {
      all: isReviewer(user),
      ownerCountry: user.role === 'focal_point' ? user.countryCode : null,
      ownerOrganisation: user.role === 'contributor' ? user.organisationId : null,
      workflow,
    });
    return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, workflow: r.workflow, validation: r.validation, version: r.version, reviewComment: r.review_comment, updatedAt: new Date(r.updated_at).toISOString() }));
  }
}

/**
 * A published practice changed (published, edited, restored): the search lexicon follows, and
 * every instance drops what it kept of public answers when this commits (docs/adr/0010).
 */
async function publishedChanged(tx: Executor): Promise<void> {
  await rebuildLexicon(tx);
  await announcePublicChange(tx, { kind: 'practice' });
}
