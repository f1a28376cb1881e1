import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat, useLang, useSession, useTitle } from '../../../app/hooks.ts';
import { QueryState } from '../../../components/Loading.tsx';
import { Markdown } from '../../practices/Markdown.tsx';
import { useSitePage, type SitePageSlug } from './api.ts';
import { MethodologyData } from './MethodologyData.tsx';

/** About, methodology and contact: the secretariat's text (es/en, versioned); methodology adds the live definitions and sources. */
export function InfoPage({ slug }: { slug: SitePageSlug }) {
  const { t } = useTranslation();
  const lang = useLang();
  const fmt = useFormat();
  const session = useSession();
  const role = session.data?.user?.role;
  const page = useSitePage(slug);
  const title = page.data?.title[lang] ?? t(`sitePages.nav.${slug}`);
  useTitle(title);
  if (!page.data) return <QueryState isLoading={page.isLoading} error={page.error} />;
  return (
    <article className="site-page">
      <h1>{title}</h1>
      <Markdown source={page.data.body[lang]} headingBase={1} />
      {slug === 'methodology' ? <MethodologyData /> : null}
      <p className="meta">
        {t('sitePages.updated', { date: fmt.date(page.data.editedAt), version: page.data.version })}
        {role === 'admin' || role === 'secretariat' ? (
          <>
            {' · '}
            <Link to={`/${slug}/edit`}>{t('sitePages.edit')}</Link>
          </>
        ) : null}
      </p>
    </article>
  );
}
