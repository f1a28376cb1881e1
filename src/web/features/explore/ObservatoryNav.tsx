import { NavLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/hooks.ts';

/** The observatory's own sub-navigation (the main menu has one "Observatory" entry). */
export function ObservatoryNav() {
  const { t } = useTranslation();
  const links: [string, string][] = [
    ['/observatory', t('explore.nav.home')],
    ['/observatory/explorer', t('explore.nav.explorer')],
    ['/observatory/countries', t('explore.nav.countries')],
    ['/observatory/corridors', t('explore.nav.corridors')],
    ['/observatory/mirror', t('explore.nav.mirror')],
    ['/observatory/missing-migrants', t('explore.nav.missingMigrants')],
  ];
  // Sending data: the countries' focal points and the secretariat (features/submissions).
  const role = useSession().data?.user?.role;
  if (role === 'admin' || role === 'secretariat' || role === 'focal_point') {
    links.push(['/observatory/submit', t('submissions.nav.submit')], ['/observatory/submissions', t('submissions.nav.list')], ['/observatory/releases', t('submissions.nav.releases')]);
  }
  return (
    <nav aria-label={t('explore.nav.label')} className="sub-nav">
      <ul>
        {links.map(([to, label]) => (
          <li key={to}>
            <NavLink to={to} end>
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
