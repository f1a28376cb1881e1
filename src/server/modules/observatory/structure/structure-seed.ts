import { sql } from 'kysely';
import type { Executor } from '../../../platform/db/database.ts';

/**
 * The regional standard MIG_FLOWS (shared/reference/mig-flows.md) as seed data. Idempotent
 * and additive: what the secretariat has edited since is left as it is.
 */
type L = { es: string; en: string };
interface SeedCode {
  code: string;
  name: L;
  parent?: string;
  aggregate?: boolean;
}

const T: SeedCode = { code: '_T', name: { es: 'Total', en: 'Total' } };
const U: SeedCode = { code: '_U', name: { es: 'Desconocido', en: 'Unknown' } };
const Z: SeedCode = { code: '_Z', name: { es: 'No aplica', en: 'Not applicable' } };

export const FLOWS: SeedCode[] = [
  { code: 'REG_ENTRY', name: { es: 'Entradas regulares', en: 'Regular entries' } },
  { code: 'REG_EXIT', name: { es: 'Salidas regulares', en: 'Regular exits' } },
  { code: 'IRREG_ENTRY', name: { es: 'Entradas irregulares / tránsito irregular detectado', en: 'Irregular entries / irregular transit detected' } },
  { code: 'RETURN_RECEIVED', name: { es: 'Nacionales retornados recibidos', en: 'Nationals returned (received)' } },
  { code: 'REMOVAL', name: { es: 'Deportaciones y expulsiones', en: 'Deportations and removals' } },
  { code: 'ASYLUM_APP', name: { es: 'Solicitudes de refugio / asilo', en: 'Asylum applications' } },
  { code: 'REFUGEE_RECOG', name: { es: 'Reconocimientos de la condición de refugiado', en: 'Refugee status recognitions' } },
  { code: 'RESIDENCE_PERMIT', name: { es: 'Permisos de residencia y regularizaciones', en: 'Residence permits and regularisations' } },
  { code: 'MISSING', name: { es: 'Personas migrantes desaparecidas', en: 'Missing migrants' } },
  { code: 'DEAD', name: { es: 'Personas migrantes fallecidas', en: 'Dead migrants' } },
  { code: 'TRAFFICKING_VICTIM', name: { es: 'Víctimas de trata identificadas', en: 'Identified victims of trafficking' } },
];

const SEX: SeedCode[] = [
  { code: 'F', name: { es: 'Mujeres', en: 'Female' } },
  { code: 'M', name: { es: 'Hombres', en: 'Male' } },
  { code: '_O', name: { es: 'Otro', en: 'Other' } },
  U,
  T,
];
const AGE: SeedCode[] = [
  { code: 'Y_LT5', name: { es: '0 a 4 años', en: '0–4 years' }, parent: 'Y_LT18' },
  { code: 'Y5T11', name: { es: '5 a 11 años', en: '5–11 years' }, parent: 'Y_LT18' },
  { code: 'Y12T17', name: { es: '12 a 17 años', en: '12–17 years' }, parent: 'Y_LT18' },
  { code: 'Y18T29', name: { es: '18 a 29 años', en: '18–29 years' }, parent: 'Y_GE18' },
  { code: 'Y30T59', name: { es: '30 a 59 años', en: '30–59 years' }, parent: 'Y_GE18' },
  { code: 'Y_GE60', name: { es: '60 años o más', en: '60 years or over' }, parent: 'Y_GE18' },
  { code: 'Y_LT18', name: { es: 'Niñas, niños y adolescentes (0 a 17)', en: 'Children (0–17)' }, aggregate: true },
  { code: 'Y_GE18', name: { es: 'Personas adultas (18 o más)', en: 'Adults (18 or over)' }, aggregate: true },
  U,
  T,
];
const DISABILITY: SeedCode[] = [
  { code: 'DIS', name: { es: 'Con discapacidad', en: 'With disability' } },
  { code: 'NODIS', name: { es: 'Sin discapacidad', en: 'Without disability' } },
  U,
  T,
];
const ETHNICITY: SeedCode[] = [
  { code: 'IND', name: { es: 'Indígena', en: 'Indigenous' } },
  { code: 'AFD', name: { es: 'Afrodescendiente', en: 'Afro-descendant' } },
  { code: 'OTH', name: { es: 'Otra o ninguna', en: 'Other or none' } },
  U,
  T,
];

const DIMENSIONS: { id: string; name: L; codelist: string | null }[] = [
  { id: 'REF_AREA', name: { es: 'País que informa', en: 'Reporting country' }, codelist: 'CL_AREA' },
  { id: 'FLOW', name: { es: 'Flujo', en: 'Flow' }, codelist: 'CL_MIG_FLOW' },
  { id: 'CITIZENSHIP', name: { es: 'Nacionalidad', en: 'Citizenship' }, codelist: 'CL_CITIZENSHIP' },
  { id: 'COUNTERPART_AREA', name: { es: 'País de contraparte (origen, destino o procedencia)', en: 'Counterpart country (origin, destination or returned from)' }, codelist: 'CL_COUNTERPART_AREA' },
  { id: 'SEX', name: { es: 'Sexo', en: 'Sex' }, codelist: 'CL_SEX' },
  { id: 'AGE', name: { es: 'Grupo de edad', en: 'Age group' }, codelist: 'CL_AGE' },
  { id: 'DISABILITY', name: { es: 'Discapacidad', en: 'Disability' }, codelist: 'CL_DISABILITY' },
  { id: 'ETHNICITY', name: { es: 'Autoidentificación étnica', en: 'Ethnic self-identification' }, codelist: 'CL_ETHNICITY' },
  { id: 'LOCATION', name: { es: 'Lugar (puesto fronterizo, provincia)', en: 'Location (border post, province)' }, codelist: null },
  { id: 'TIME_PERIOD', name: { es: 'Periodo', en: 'Time period' }, codelist: null },
];

export async function seedObservatory(db: Executor): Promise<void> {
  const countries = await db.selectFrom('ref_country').select(['code', 'name']).orderBy('code').execute();
  const iso: SeedCode[] = countries.map((c) => ({ code: c.code, name: { es: c.name.es ?? c.code, en: c.name.en ?? c.code } }));
  // Nationalities people still travel with that ISO 3166-1 no longer lists (or never did):
  // Kosovo (XKX, the code in general use) and former states from ISO 3166-3.
  const extra: SeedCode[] = [
    { code: 'XKX', name: { es: 'Kosovo', en: 'Kosovo' } },
    { code: 'CSK', name: { es: 'Checoslovaquia (antigua)', en: 'Czechoslovakia (former)' } },
    { code: 'SCG', name: { es: 'Serbia y Montenegro (antigua)', en: 'Serbia and Montenegro (former)' } },
    { code: 'YUG', name: { es: 'Yugoslavia (antigua)', en: 'Yugoslavia (former)' } },
  ];
  const lists: { id: string; name: L; codes: SeedCode[] }[] = [
    { id: 'CL_AREA', name: { es: 'Países (ISO 3166-1 alfa-3)', en: 'Countries (ISO 3166-1 alpha-3)' }, codes: iso },
    { id: 'CL_MIG_FLOW', name: { es: 'Flujos migratorios', en: 'Migration flows' }, codes: FLOWS },
    { id: 'CL_CITIZENSHIP', name: { es: 'Nacionalidad', en: 'Citizenship' }, codes: [...iso, ...extra, { code: 'XXA', name: { es: 'Apátrida', en: 'Stateless' } }, U, T] },
    { id: 'CL_COUNTERPART_AREA', name: { es: 'País de contraparte', en: 'Counterpart country' }, codes: [...iso, ...extra, Z, U, T] },
    { id: 'CL_SEX', name: { es: 'Sexo', en: 'Sex' }, codes: SEX },
    { id: 'CL_AGE', name: { es: 'Grupo de edad', en: 'Age group' }, codes: AGE },
    { id: 'CL_DISABILITY', name: { es: 'Discapacidad', en: 'Disability' }, codes: DISABILITY },
    { id: 'CL_ETHNICITY', name: { es: 'Autoidentificación étnica', en: 'Ethnic self-identification' }, codes: ETHNICITY },
  ];
  for (const l of lists) {
    await db.insertInto('obs_codelist').values({ id: l.id, name: JSON.stringify(l.name) }).onConflict((oc) => oc.column('id').doNothing()).execute();
    await db
      .insertInto('obs_code')
      .values(l.codes.map((c, i) => ({ codelist_id: l.id, code: c.code, name: JSON.stringify(c.name), parent: c.parent ?? null, is_aggregate: c.aggregate ?? false, position: i })))
      .onConflict((oc) => oc.columns(['codelist_id', 'code']).doNothing())
      .execute();
  }
  await db
    .insertInto('obs_dataflow')
    .values({
      id: 'MIG_FLOWS',
      agency: 'CRM',
      version: '1.0',
      name: JSON.stringify({ es: 'Flujos migratorios (estándar regional)', en: 'Migration flows (regional standard)' }),
      frequency: 'M',
      unit: 'PS',
      suppression_threshold: 5,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await db
    .insertInto('obs_dimension')
    .values(DIMENSIONS.map((d, i) => ({ dataflow_id: 'MIG_FLOWS', id: d.id, position: i + 1, name: JSON.stringify(d.name), codelist_id: d.codelist })))
    .onConflict((oc) => oc.columns(['dataflow_id', 'id']).doNothing())
    .execute();
  // The packagers' convention for an unknown nationality (IOM's amerdigest uses OOO).
  for (const dim of ['CITIZENSHIP', 'COUNTERPART_AREA']) {
    await sql`insert into obs_code_mapping (dataflow_id, country_code, dimension_id, national_code, code)
      values ('MIG_FLOWS', '*', ${dim}, 'OOO', '_U') on conflict do nothing`.execute(db);
  }
}
