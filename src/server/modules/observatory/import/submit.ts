import fs from 'node:fs';
import { sql } from 'kysely';
import type { Database, Executor } from '../../../platform/db/database.ts';
import type { Actor, RequestMeta, UserActor } from '../../../platform/http/context.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../../platform/http/errors.ts';
import { hasRole, requireRole } from '../../../platform/authz.ts';
import { recordAudit } from '../../../platform/audit/index.ts';
import { t, type Locale, dynamicKey } from '../../../platform/i18n/index.ts';
import type { FileStore } from '../../../platform/files.ts';
import type { Structure } from '../structure/index.ts';
import { KeyCodec } from '../structure/index.ts';
import { checkSubmissionFile, openBatches, sniffKind, type FileKind } from './reader.ts';
import { MAX_STORED_ERRORS, Messages, validateRecords, type ColumnMapping, type Message, type ValidationResult } from './validate.ts';
import { checkFarFromHistory } from './history-check.ts';
import { checkPeriodLengths, restageJanuaryAsYears } from './period-checks.ts';
import { anyDuplicate, checkDuplicates, sumMergedRows, checkPartsAgainstTotals, createStage, partsAgainstTotals, roomy, runConcurrently, traced, dropStage, openCopySink, stageName, type DuplicateProbe, type StagedCheck } from './staging.ts';
import { checkNewSeries, computeDiff, hasCurrentFigures, stateChecksum, structureHash, type SubmissionDiff } from './diff.ts';
import { claimValidation, expireStages } from './recovery.ts';
import { actorForUser } from '../../identity/index.ts';
import { reconcileTotals } from './one-total.ts';

/**
 * Submitting: the file is kept (content hash), a submission row is created at once, and
 * the file is validated — inline when small, in a background job (jobs.ts) when large, the
 * HTTP answer then being 202 with the id to poll. Validation is one streaming pass that
 * stages valid rows by COPY, then set-based checks in PostgreSQL (staging.ts). Nothing
 * reaches the observations here.
 */
export const SUBMITTERS = ['admin', 'secretariat', 'focal_point'] as const;
/** Files from this size on are validated in the background (about 80,000 rows of a typical CSV). */
export const JOB_THRESHOLD_BYTES = 4 * 1024 * 1024;
const PROGRESS_EVERY_MS = 250;

export interface SubmitInput {
  dataflowId: string;
  fileName: string;
  /** a file on disk (moved into the file store) */
  tmpPath: string;
  mapping: ColumnMapping;
  idempotencyKey?: string | null;
  /** merge (default): add and correct; replace: also remove what the file's slices no longer hold */
  mode?: 'merge' | 'replace';
  /** force the background job (true) or inline validation (false); default: by size */
  background?: boolean;
}

export interface ImportDeps {
  db: Database;
  files: FileStore;
  clock: () => Date;
  structure(id: string): Promise<Structure>;
  /** enqueue: the pg-boss job's id */
  jobs: { enqueue(submissionId: string): Promise<string | null> } | null;
}

export async function submitFile(d: ImportDeps, actor: Actor, meta: RequestMeta, input: SubmitInput, locale: Locale) {
  const user = requireRole(actor, ...SUBMITTERS);
  if (user.role === 'focal_point' && !user.countryCode) throw new Forbidden();
  if (input.idempotencyKey) {
    const prior = await d.db.selectFrom('obs_submission').select('id').where('user_id', '=', user.id).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
    if (prior) {
      fs.rmSync(input.tmpPath, { force: true });
      return { ...(await submissionReport(d.db, actor, prior.id, locale)), replayed: true };
    }
  }
  const s = await d.structure(input.dataflowId);
  const stored = await d.files.receive(fs.createReadStream(input.tmpPath));
  fs.rmSync(input.tmpPath, { force: true });
  let id: string;
  let kind: FileKind;
  try {
    if (stored.size === 0) throw new Invalid([{ path: 'file', key: 'errors.fileEmpty' }]);
    kind = sniffKind(stored.tmpPath);
    // a hostile file (zip bomb, huge cell, DTD, damaged archive) is refused before any row exists
    await checkSubmissionFile(stored.tmpPath, kind);
    const row = await d.db
      .insertInto('obs_submission')
      .values({
        dataflow_id: s.id,
        country_code: user.role === 'focal_point' ? user.countryCode : null,
        user_id: user.id,
        user_label: user.email,
        file_name: input.fileName.slice(0, 255),
        file_sha256: stored.sha256,
        file_kind: kind,
        mapping: JSON.stringify(input.mapping),
        status: 'validating',
        phase: 'queued',
        mode: input.mode ?? 'merge',
        bytes_total: stored.size,
        idempotency_key: input.idempotencyKey ?? null,
        preview: '[]',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
    await d.files.commit(stored);
  } catch (err) {
    d.files.discard(stored);
    throw err;
  }
  const background = input.background ?? stored.size >= JOB_THRESHOLD_BYTES;
  if (background && d.jobs) {
    // the job's id tells the sweeper (recovery.ts) that this queued submission is still awaited
    const jobId = await d.jobs.enqueue(id);
    await d.db.updateTable('obs_submission').set({ job_id: jobId }).where('id', '=', id).execute();
  }
  else await validateSubmission(d, id, actor, meta);
  return submissionReport(d.db, actor, id, locale);
}

/** The person who submitted, as an actor (the background job has no request). */
async function submitterOf(db: Executor, userId: string | null): Promise<UserActor> {
  const actor = userId ? await actorForUser(db, userId) : undefined;
  if (!actor) throw new NotFound('errors.submissionNotFound');
  return actor;
}

async function storedCodes(db: Executor, dataflowId: string, country: string | null) {
  const rows = await db
    .selectFrom('obs_code_mapping')
    .select(['country_code', 'dimension_id', 'national_code', 'code'])
    .where('dataflow_id', '=', dataflowId)
    .where('country_code', 'in', country ? ['*', country] : ['*'])
    .orderBy('country_code')
    .execute();
  const out: Record<string, Record<string, string>> = {};
  for (const r of rows) (out[r.dimension_id] ??= {})[r.national_code] = r.code;
  return out;
}

type SubmissionRow = Awaited<ReturnType<typeof loadSubmission>>;
async function loadSubmission(db: Executor, id: string) {
  return db.selectFrom('obs_submission').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/**
 * Reads the stored file once: row checks in the process, valid rows COPYed into the
 * submission's staging table, then the whole-file checks in PostgreSQL. Progress is
 * written to the submission row as it goes.
 */
export async function stageFile(d: ImportDeps, sub: SubmissionRow, user: UserActor, s: Structure, progress = true): Promise<{ result: ValidationResult; msgs: Messages; table: string; packed: boolean }> {
  const file = await d.files.localPath(sub.file_sha256);
  if (!file) throw new NotFound('errors.submissionFileMissing');
  const anyCountry = hasRole(user, 'admin', 'secretariat');
  const table = stageName(sub.id);
  await createStage(d.db, table);
  let bytesRead = 0;
  let last = 0;
  const sink = await openCopySink(d.db, table, async (rowsRead, rowsValid) => {
    const now = Date.now();
    if (!progress || now - last < PROGRESS_EVERY_MS) return;
    last = now;
    await d.db.updateTable('obs_submission').set({ phase: 'reading', rows_read: rowsRead, rows_valid: rowsValid, bytes_read: bytesRead, updated_at: new Date() }).where('id', '=', sub.id).execute();
  });
  const msgs = new Messages();
  const codec = new KeyCodec(s);
  let result: ValidationResult;
  try {
    const { batches } = openBatches(file, sub.file_kind, (n) => (bytesRead += n));
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    result = await validateRecords(
      batches,
      { structure: s, actorCountry: user.countryCode, anyCountry, now: d.clock(), storedCodes: await storedCodes(d.db, s.id, anyCountry ? null : user.countryCode), codec },
      sub.mapping as ColumnMapping,
      sink,
      msgs,
    );
    await sink.finish();
    if (process.env.OBS_IMPORT_TRACE) process.stderr.write(`  [import] read, check rows, COPY: ${((performance.now() - t0) / 1000).toFixed(2)} s (cpu ${JSON.stringify(process.cpuUsage(cpu0))})\n`);
  } catch (err) {
    sink.abort();
    await dropStage(d.db, table);
    throw err;
  }
  if (progress) await d.db.updateTable('obs_submission').set({ phase: 'checking', rows_read: result.rows, rows_valid: result.staged, bytes_read: sub.bytes_total, updated_at: new Date() }).where('id', '=', sub.id).execute();
  // annual totals dated as January, the statistician having chosen "annual": years, not Januaries
  if (result.januaryYears?.length) await restageJanuaryAsYears(d.db, table, result.januaryYears);
  if (result.periodLengths && msgs.errorCount === 0) await traced('period lengths', () => checkPeriodLengths(d.db, s, result.periodLengths!, msgs));
  // national codes the mapping merged into one regional code: their rows are one cell, summed before the checks
  if (result.merged > 1) result.staged -= await traced('merged codes', () => sumMergedRows(d.db, table, msgs));
  if (result.staged > 0) {
    if (codec.fits) {
      // Statistics (for the diff's joins), the parts against totals and whether any key
      // repeats, two statements at a time. The parts' findings count only if no key repeats.
      const probe: DuplicateProbe = { covered: false, found: false };
      const jobs: StagedCheck[] = [
        async (tx) => {
          // a new table has no statistics: without them the joins of the diff plan as if it were empty
          await sql`analyze ${sql.table(table)}`.execute(tx);
          return () => {};
        },
        ...partsAgainstTotals(s, table, result.checked, codec, probe),
      ];
      // no breakdown of at most 63 codes to tell: a unique index on the packed key does
      // (last, as CREATE INDEX waits for ANALYZE's lock)
      if (!probe.covered) {
        jobs.push(async () => {
          if (await anyDuplicate(d.db, table)) probe.found = true;
          return () => {};
        });
      }
      const found = await traced('analyze, parts against totals, repeated keys', () => runConcurrently(d.db, jobs));
      const duplicates = probe.found;
      if (!duplicates) for (const add of found) add(msgs);
      else {
        // rare: list the repeats, keep each key's first row, and sum the parts again on what stays
        await roomy(d.db, async (tx) => {
          await traced('duplicate keys', () => checkDuplicates(tx, table, msgs, true));
          await traced('parts against totals', () => checkPartsAgainstTotals(tx, s, table, result.checked, msgs, codec));
        });
      }
    } else {
      await traced('analyze', () => sql`analyze ${sql.table(table)}`.execute(d.db));
      await roomy(d.db, async (tx) => {
        await traced('duplicate keys', () => checkDuplicates(tx, table, msgs, false));
        await traced('parts against totals', () => checkPartsAgainstTotals(tx, s, table, result.checked, msgs, null));
      });
    }
  }
  // one total per cell: breakdowns that disagree stop here, or are reconciled with `_U` parts (one-total.ts)
  // (also after parts above a total row along one dimension: the breakdowns across dimensions are only checked here)
  const partsOnly = msgs.list.every((m) => m.severity !== 'error' || m.key === 'observatory.msg.partsExceedTotal');
  if ((msgs.errorCount === 0 || (partsOnly && msgs.errorCount <= MAX_STORED_ERRORS)) && result.staged > 0) {
    const mapping = sub.mapping as ColumnMapping;
    const input = { table, mode: sub.mode, totalFrom: mapping.totalFrom, codec, singleReported: msgs.errorCount > 0 };
    result.staged += await traced('one total per cell', () => reconcileTotals(d.db, s, input, msgs));
  }
  return { result, msgs, table, packed: codec.fits };
}

/** Validates a submission (inline, or in the background job); ends validated, rejected or failed. */
export async function validateSubmission(d: ImportDeps, id: string, actor?: Actor, meta: RequestMeta | null = null): Promise<void> {
  // Held while this process works, so a sweeper on any instance can tell it from a dead one
  // (recovery.ts); null: not validating any more (a job run twice) or another process has it.
  const lock = await claimValidation(d.db, id);
  if (!lock) return;
  try {
    await validateClaimed(d, await loadSubmission(d.db, id), actor, meta);
  } finally {
    await lock.release();
  }
}

async function validateClaimed(d: ImportDeps, sub: SubmissionRow, actor: Actor | undefined, meta: RequestMeta | null): Promise<void> {
  try {
    const user = actor?.kind === 'user' ? actor : await submitterOf(d.db, sub.user_id);
    const s = await d.structure(sub.dataflow_id);
    const { result, msgs, table, packed } = await stageFile(d, sub, user, s);
    let diff: SubmissionDiff | null = null;
    let checksum: string | null = null;
    if (msgs.errorCount === 0 && result.staged > 0) {
      // the state first: an apply landing between the two makes the diff look newer than it is, never older
      checksum = await stateChecksum(d.db, s.id, result.countries);
      // a first submission matches nothing current: its series and diff need no anti-join
      const base = { noCurrent: !(await hasCurrentFigures(d.db, s.id, result.countries)), packed, rows: result.staged };
      // the series and history checks beside the diff: both only read, on two connections
      // (without anti-joins, serial plans: two parallel plans side by side fight for the two cores)
      const serial = async (tx: Executor) => {
        if (base.noCurrent) await sql`set local max_parallel_workers_per_gather = 0`.execute(tx);
      };
      const [, computed] = await Promise.all([
        roomy(d.db, async (tx) => {
          await serial(tx);
          await traced('new series', () => checkNewSeries(tx, s, table, msgs, base));
          await traced('far from history', () => checkFarFromHistory(tx, s, table, msgs, result.staged, sub.mapping as ColumnMapping));
        }),
        roomy(d.db, async (tx) => {
          await serial(tx);
          return traced('diff', () => computeDiff(tx, s, table, sub.mode, base));
        }),
      ]);
      diff = computed;
    }
    const rejected = msgs.errorCount > 0;
    if (rejected) await dropStage(d.db, table);
    const country = sub.country_code ?? (result.countries.length === 1 ? result.countries[0]! : null);
    await d.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('obs_submission')
        .set({
          status: rejected ? 'rejected' : 'validated',
          phase: 'done',
          country_code: country,
          rows_read: result.rows,
          rows_valid: result.staged,
          bytes_read: sub.bytes_total,
          error_count: msgs.errorCount,
          warning_count: msgs.warningCount,
          info_count: msgs.infoCount,
          preview: JSON.stringify(result.preview),
          stage_table: rejected ? null : table,
          stage_rows: rejected ? null : result.staged,
          structure_hash: structureHash(s),
          state_checksum: checksum,
          diff: diff ? JSON.stringify(diff) : null,
          updated_at: new Date(),
        })
        .where('id', '=', sub.id)
        .where('status', '=', 'validating')
        .execute();
      await saveMessages(tx, sub.id, msgs.sorted());
      await recordAudit(tx, actor ?? user, meta, {
        action: 'observatory.submission_validate',
        entityType: 'obs_submission',
        entityId: sub.id,
        after: { file: sub.file_name, rows: result.rows, errors: msgs.errorCount, warnings: msgs.warningCount, sha256: sub.file_sha256 },
      });
    });
    await expireStages(d.db);
  } catch (err) {
    await dropStage(d.db, stageName(sub.id)).catch(() => {});
    await d.db
      .updateTable('obs_submission')
      .set({ status: 'failed', phase: 'failed', failure: err instanceof Error ? err.message.slice(0, 1000) : String(err), updated_at: new Date() })
      .where('id', '=', sub.id)
      .where('status', '=', 'validating')
      .execute();
    throw err;
  }
}

export async function accessSubmission(db: Executor, actor: Actor, id: string) {
  const user = requireRole(actor, ...SUBMITTERS);
  const sub = /^[0-9a-f-]{36}$/i.test(id) ? await db.selectFrom('obs_submission').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!sub) throw new NotFound('errors.submissionNotFound');
  if (user.role === 'focal_point' && sub.country_code !== user.countryCode && sub.user_id !== user.id) throw new NotFound('errors.submissionNotFound');
  return { user, sub };
}

/** The validation report; while validating, the progress (poll until status is no longer `validating`). */
export async function submissionReport(db: Executor, actor: Actor, id: string, locale: Locale) {
  const { sub } = await accessSubmission(db, actor, id);
  const msgs = await db.selectFrom('obs_submission_message').selectAll().where('submission_id', '=', sub.id).orderBy('seq').execute();
  const render = (m: (typeof msgs)[number]) => ({ row: m.row_number, column: m.column_name, value: m.value, key: m.key, message: t(locale, dynamicKey(m.key), m.params) });
  return {
    id: sub.id,
    dataflow: sub.dataflow_id,
    country: sub.country_code,
    fileName: sub.file_name,
    status: sub.status,
    mode: sub.mode,
    progress: {
      phase: sub.phase,
      bytesRead: Number(sub.bytes_read),
      bytesTotal: Number(sub.bytes_total),
      rowsRead: sub.rows_read,
      rowsValid: sub.rows_valid,
      // the stored failure is for operators; the person reads what to do, in their language
      ...(sub.failure ? { failure: t(locale, sub.failure_key ? dynamicKey(sub.failure_key) : 'errors.submissionFailed') } : {}),
    },
    rows: sub.rows_read,
    errorCount: sub.error_count,
    warningCount: sub.warning_count,
    infoCount: sub.info_count,
    errors: msgs.filter((m) => m.severity === 'error').map(render),
    warnings: msgs.filter((m) => m.severity === 'warning').map(render),
    /** information only (a series never seen before): nothing to fix */
    infos: msgs.filter((m) => m.severity === 'info').map(render),
    preview: sub.preview as Record<string, string | number>[],
    diff: sub.diff as SubmissionDiff | null,
    applied: sub.applied_counts as { added: number; changed: number; unchanged: number; removed?: number } | null,
    createdAt: sub.created_at,
    submittedAt: sub.submitted_at,
    appliedAt: sub.applied_at,
    /** the secretariat's decision on a submitted file (approve or return), with its comment */
    review: sub.reviewed_at ? { at: sub.reviewed_at, comment: sub.review_comment } : null,
  };
}

async function saveMessages(tx: Executor, submissionId: string, messages: Message[]) {
  await tx.deleteFrom('obs_submission_message').where('submission_id', '=', submissionId).execute();
  for (let i = 0; i < messages.length; i += 1000) {
    await tx
      .insertInto('obs_submission_message')
      .values(
        messages.slice(i, i + 1000).map((m, j) => ({
          submission_id: submissionId,
          seq: i + j,
          severity: m.severity,
          row_number: m.row,
          column_name: m.column,
          value: m.value === null ? null : m.value.slice(0, 500),
          key: m.key,
          params: JSON.stringify(m.params),
        })),
      )
      .execute();
  }
}

export function notApplicable(locale: Locale, status: string): Conflict {
  return new Conflict('errors.submissionNotApplicable', { status: t(locale, dynamicKey(`observatory.status.${status}`)) });
}
