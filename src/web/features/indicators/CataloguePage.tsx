import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/Loading.tsx';
import { useLang, useSession, useTitle } from '../../app/hooks.ts';
import { indicatorName } from '../objectives/api.ts';
import { INDICATOR_TYPES, useCatalogue } from './catalogue-api.ts';

const SECRETARIAT = ['admin', 'secretariat'];

/**
 * The GCM indicator catalogue (issue 18): official indicators and the regional proposals,
 * filtered by objective, kind and type. The filters are the page's address (a plain GET form),
 * so a filtered list is drawn on the server too and can be shared.
 */
export function CataloguePage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [params] = useSearchParams();
  const session = useSession();
  const objectiveParam = Number(params.get('objective'));
  const objective = Number.isInteger(objectiveParam) && objectiveParam >= 1 && objectiveParam <= 23 ? objectiveParam : undefined;
  const officialParam = params.get('official');
  const official = officialParam === 'true' ? true : officialParam === 'false' ? false : undefined;
  const typeParam = params.get('type') ?? '';
  const type = (INDICATOR_TYPES as readonly string[]).includes(typeParam) ? typeParam : undefined;
  const list = useCatalogue({ objective, official, type });
  useTitle(t('indicatorsPublic.listTitle'));
  const canEdit = session.data?.user && SECRETARIAT.includes(session.data.user.role);
  return (
    <div className="ind-catalogue" data-testid="indicator-catalogue">
      <h1>{t('indicatorsPublic.listTitle')}</h1>
      <p className="lead">{t('indicatorsPublic.listIntro')}</p>
      {canEdit ? (
        <p>
          <Link to="/indicators/new" className="button">{t('indicatorsPublic.edit.newLink')}</Link>
        </p>
      ) : null}
      <form method="get" action="/indicators" className="ind-filters" aria-label={t('indicatorsPublic.filters.label')}>
        <p className="field">
          <label htmlFor="ind-f-objective">{t('indicatorsPublic.filters.objective')}</label>
          <select id="ind-f-objective" name="objective" defaultValue={objective ?? ''}>
            <option value="">{t('indicatorsPublic.filters.all')}</option>
            {Array.from({ length: 23 }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {t('indicatorsPublic.objectiveN', { number: n })}
              </option>
            ))}
          </select>
        </p>
        <p className="field">
          <label htmlFor="ind-f-official">{t('indicatorsPublic.filters.kind')}</label>
          <select id="ind-f-official" name="official" defaultValue={official === undefined ? '' : String(official)}>
            <option value="">{t('indicatorsPublic.filters.all')}</option>
            <option value="true">{t('objectives.indicator.official')}</option>
            <option value="false">{t('objectives.indicator.proposed')}</option>
          </select>
        </p>
        <p className="field">
          <label htmlFor="ind-f-type">{t('indicatorsPublic.filters.type')}</label>
          <select id="ind-f-type" name="type" defaultValue={type ?? ''}>
            <option value="">{t('indicatorsPublic.filters.all')}</option>
            {INDICATOR_TYPES.map((x) => (
              <option key={x} value={x}>
                {t(`indicatorsPublic.type.${x}`)}
              </option>
            ))}
          </select>
        </p>
        <p>
          <button type="submit">{t('indicatorsPublic.filters.apply')}</button>
        </p>
      </form>
      <QueryState isLoading={list.isLoading} error={list.error} />
      {list.data ? (
        <>
          <p role="status" data-testid="indicator-count">{t('indicatorsPublic.count', { count: list.data.length })}</p>
          <ul className="ind-list plain" data-testid="indicator-list">
            {list.data.map((i) => {
              const name = indicatorName(i, lang);
              return (
                <li key={i.code} data-code={i.code}>
                  <Link to={`/indicators/${encodeURIComponent(i.code)}`}>
                    <span className="ind-code">{i.code}</span> {name.text}
                  </Link>
                  {name.draft ? <span className="badge">{t('objectives.indicator.draftName')}</span> : null}
                  <br />
                  <span className="muted">
                    {[t(i.official ? 'objectives.indicator.official' : 'objectives.indicator.proposed'), t(`indicatorsPublic.type.${i.type}`), t('indicatorsPublic.objectives', { list: i.objectives.join(', '), count: i.objectives.length }), i.custodian]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
    </div>
  );
}
