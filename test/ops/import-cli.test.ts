import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { testDatabase, type TestDatabase } from '../helpers/db.ts';
import { childEnv, ROOT, type Ran } from './process.ts';
import { SYSTEM_USER_ID } from '../../src/server/modules/observatory/system-account.ts';

/** `observatorio import` and `import-real-data`, spawned as an operator runs them, on a per-test database. */
let tdb: TestDatabase;
let env: NodeJS.ProcessEnv;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-import-cli-'));

beforeAll(async () => {
  tdb = await testDatabase();
  env = childEnv({ DATABASE_URL: tdb.url, DATA_DIR: dir, LANG: 'en_US.UTF-8' });
});
afterAll(async () => {
  await tdb?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The CLI with something typed on its standard input (a shared 2-core machine: generous time). */
function cliWithInput(args: string[], input: string, e: NodeJS.ProcessEnv, timeoutMs = 200_000): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env: e, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`observatorio ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}
const cli = (args: string[], e: NodeJS.ProcessEnv) => cliWithInput(args, '', e);
const T = { timeout: 400_000 };

const file = (name: string, content: string) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};
const count = async (country: string) =>
  Number((await sql<{ n: string }>`select count(*) as n from obs_observation where ref_area = ${country} and valid_to is null`.execute(tdb.db)).rows[0]!.n);

describe('observatorio import', () => {
  it('validates, prints the report in English, applies with --yes as the system account', T, async () => {
    // months the government file of a later test does not hold: one cell has one total, and that file's parts are larger
    const f = file('cri.csv', 'TIME_PERIOD,REF_AREA,FLOW,SEX,OBS_VALUE\n2023-12,CRI,REG_ENTRY,F,120\n2023-12,CRI,REG_ENTRY,M,130\n2023-12,CRI,REG_ENTRY,_T,250\n');
    const r = await cli(['import', '--country', 'cri', '--file', f, '--yes'], env);
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/Rows read: 3 · errors: 0 · warnings: \d+/);
    expect(r.stdout).toMatch(/Warnings \(\d+ of \d+\):/);
    expect(r.stdout).toMatch(/recorded as total \(_T\)/);
    expect(r.stdout).toMatch(/Applied: 3 new, 0 changed, 0 unchanged\./);
    expect(await count('CRI')).toBe(3);
    const sub = await tdb.db.selectFrom('obs_submission').select(['user_id', 'country_code', 'status']).where('file_name', '=', 'cri.csv').executeTakeFirstOrThrow();
    expect(sub).toEqual({ user_id: SYSTEM_USER_ID, country_code: 'CRI', status: 'applied' });
    const audit = await tdb.db.selectFrom('audit_event').select(['action', 'request_id']).where('action', '=', 'observatory.submission_apply').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.request_id).toMatch(/^cli:/);
  });

  it('refuses a bad file with exit code 3, the first errors in the chosen language, and stores nothing', T, async () => {
    const f = file('bad.csv', 'TIME_PERIOD,REF_AREA,FLOW,OBS_VALUE\n2024-02,CRI,REG_ENTRY,-4\n2024-02,PAN,REG_ENTRY,10\n2024-13,CRI,REG_EXIT,5\n');
    const before = await count('CRI');
    const es = await cli(['import', '--country', 'CRI', '--file', f, '--yes', '--lang', 'es'], env);
    expect(es.code, es.stdout + es.stderr).toBe(3);
    expect(es.stdout).toMatch(/errores: 3/);
    expect(es.stdout).toMatch(/Fila 2, columna «OBS_VALUE»: «-4» es negativo/);
    expect(es.stdout).toMatch(/usted solo puede enviar datos de CRI/);
    expect(es.stdout).toMatch(/Fila 4, columna «TIME_PERIOD»/);
    expect(es.stderr).toMatch(/no se guardó nada/);
    expect(await count('CRI')).toBe(before);
    expect(await count('PAN')).toBe(0);
  });

  it('asks before applying: "n" stores nothing (exit 4), "s" applies (Spanish from LANG)', T, async () => {
    const f = file('cri-feb.csv', 'TIME_PERIOD,REF_AREA,FLOW,OBS_VALUE\n2023-11,CRI,REG_ENTRY,410\n');
    const before = await count('CRI');
    const no = await cliWithInput(['import', '--country', 'CRI', '--file', f], 'n\n', env);
    expect(no.code, no.stdout + no.stderr).toBe(4);
    expect(no.stdout).toMatch(/Apply the 1 validated rows in one transaction\? \[y\/N\]/);
    expect(no.stdout).toMatch(/Not confirmed: nothing was stored/);
    expect(await count('CRI')).toBe(before);
    const yes = await cliWithInput(['import', '--country', 'CRI', '--file', f], 's\n', { ...env, LANG: 'es_CR.UTF-8' });
    expect(yes.code, yes.stdout + yes.stderr).toBe(0);
    expect(yes.stdout).toMatch(/¿Aplicar las 1 filas validadas/);
    expect(yes.stdout).toMatch(/Aplicado: 1 nuevas/);
    expect(await count('CRI')).toBe(before + 1);
  });

  it('reads a government file with a saved mapping given by name', T, async () => {
    await tdb.db
      .insertInto('obs_column_mapping')
      .values({
        dataflow_id: 'MIG_FLOWS',
        country_code: 'CRI',
        name: 'dgme-entradas',
        mapping: JSON.stringify({ columns: { mes: 'TIME_PERIOD', país: 'REF_AREA', nacionalidad: 'CITIZENSHIP', sexo: 'SEX', valor: 'OBS_VALUE' }, constants: { FLOW: 'REG_ENTRY' } }),
      })
      .execute();
    const f = path.join(ROOT, 'fixtures', 'good', 'cri-entries-1252.csv');
    const missing = await cli(['import', '--country', 'CRI', '--file', f, '--yes', '--mapping', 'nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no saved column mapping named "nope"/);
    const r = await cli(['import', '--country', 'CRI', '--file', f, '--yes', '--mapping', 'dgme-entradas'], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Rows read: 7 · errors: 0/);
    expect(r.stdout).toMatch(/“OOO” was recorded as “_U”/);
    expect(r.stdout).toMatch(/Applied: 7 new/);
  });

  it('answers usage errors with exit code 2 and one line', T, async () => {
    for (const args of [
      ['import', '--country', 'CRI'], // no --file
      ['import', '--country', 'CR', '--file', 'x.csv'],
    ]) {
      const r = await cli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const nofile = await cli(['import', '--country', 'CRI', '--file', path.join(dir, 'absent.csv')], env);
    expect(nofile.code).toBe(1);
    expect(nofile.stderr).toMatch(/file not found/);
    const help = await cli(['import', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes: 0 applied, 1 error, 2 usage error, 3 the file did not validate, 4 not confirmed/);
  });
});

describe('observatorio import-real-data', () => {
  it('imports the shipped files and releases them; a second run changes nothing', T, async () => {
    const first = await cli(['import-real-data'], { ...env, LANG: 'en_US.UTF-8' });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    // Costa Rica already reports regular entries (the imports above): its rows of regin.csv are left out
    const regin = fs.readFileSync(path.join(ROOT, 'seed/observatory/americas-flows/regin.csv'), 'utf8').trim().split('\n');
    const notCri = regin.slice(1).filter((l) => l.split(',')[1] !== 'CRI').length;
    expect(notCri).toBeLessThan(51281);
    expect(first.stdout).toContain(`regin.csv: ${notCri} rows, ${notCri} new observations, 0 rows refused`);
    expect(first.stdout).toMatch(/regout\.csv: 43431 rows, \d+ new observations, 188 rows refused/);
    expect(first.stdout).toMatch(/irreg\.csv: 10438 rows, \d+ new observations, 1 rows refused/);
    // IGM's returns: accompanied and unaccompanied children summed into one Y_LT18 figure each
    expect(first.stdout).toContain('guatemala_returns.csv: 736 rows, 510 new observations, 0 rows refused');
    // Costa Rica already had figures from the tests above: it is not released automatically.
    expect(first.stdout).toMatch(/Released for: ABW, ARG, ATG, BHS, BLZ, BOL, BRA, BRB, CAN, CHL, COL, CUB, CUW, CYM, DMA, DOM, ECU, GRD, GTM, GUY, HND, HTI, JAM, KNA, LCA, MEX, NIC, PAN, PER, PRY, SLV, SUR, SXM, TCA, TTO, URY, USA, VEN, VGB$/m);
    const second = await cli(['import-real-data'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/regin\.csv: already loaded/);
    expect(second.stdout).not.toMatch(/Released/);
  });
});
