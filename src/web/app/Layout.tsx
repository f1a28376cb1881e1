import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, patch, post, setCsrfToken, type Locale, type Session } from '../api/client.ts';
import { isLocale, rememberLocale } from '../i18n.ts';
import { useLang, useSession } from './hooks.ts';
import { HeaderSearch } from '../features/site/search/HeaderSearch.tsx';

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const other: Locale = lang === 'es' ? 'en' : 'es';
  const session = useSession();
  const queryClient = useQueryClient();
  const switchTo = async () => {
    await i18n.changeLanguage(other);
    rememberLocale(other);
    if (session.data?.user) {
      queryClient.setQueryData<Session>(['session'], (s) => (s?.user ? { ...s, user: { ...s.user, locale: other } } : s));
      // The account remembers the choice (and e-mails follow it); a failure here does not undo the switch.
      patch('/api/v1/account', { locale: other }).catch(() => {});
    }
  };
  return (
    <button type="button" className="lang-switch" lang={other} onClick={() => void switchTo()}>
      {t('language.switchTo')}
    </button>
  );
}

/** At load (and at each sign-in) the language saved in the account wins. */
function useAccountLanguage() {
  const { i18n } = useTranslation();
  const session = useSession();
  const applied = useRef<string | null>(null);
  const user = session.data?.user;
  useEffect(() => {
    if (!user || applied.current === user.id) return;
    applied.current = user.id;
    if (isLocale(user.locale) && user.locale !== i18n.language) {
      void i18n.changeLanguage(user.locale);
      rememberLocale(user.locale);
    }
  }, [user, i18n]);
  useEffect(() => {
    if (session.data && !session.data.user) applied.current = null;
  }, [session.data]);
}

/** After a navigation, focus moves to the new page's content (not on the first load). */
function useFocusOnNavigate() {
  const { pathname } = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus();
    window.scrollTo(0, 0);
  }, [pathname]);
}

export function Layout() {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  useAccountLanguage();
  useFocusOnNavigate();
  const user = session.data?.user ?? null;
  const canAdmin = user?.role === 'admin' || user?.role === 'secretariat';
  const canWrite = !!user && user.role !== 'member_viewer';
  // The missing-persons exchange is in the menu only of the accounts holding one of its capacities (issue 23).
  const cases = useQuery({
    queryKey: ['cases', 'status', 'nav', user?.id],
    queryFn: () => get<{ capacities: string[] }>('/api/v1/cases/status'),
    enabled: !!user && user.role !== 'admin' && user.role !== 'secretariat',
    staleTime: 5 * 60_000,
  });
  const hasCases = (cases.data?.capacities.length ?? 0) > 0;

  const signOut = async () => {
    try {
      await post('/api/v1/auth/sign-out');
    } catch {
      // The cookie is cleared by the server; if it failed the session ends on expiry anyway.
    }
    setCsrfToken(null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    await queryClient.invalidateQueries({ queryKey: ['session'] });
    void navigate('/');
  };

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <Link to="/" className="brand">
            <span className="brand-name">{t('app.name')}</span>
            <span className="brand-tag">{t('app.tagline')}</span>
          </Link>
          <nav aria-label={t('nav.label')} className="main-nav">
            <ul>
              <li>
                <NavLink to="/" end>
                  {t('nav.home')}
                </NavLink>
              </li>
              <li>
                <NavLink to="/practices">{t('nav.practices')}</NavLink>
              </li>
              <li>
                <NavLink to="/observatory">{t('explore.nav.main')}</NavLink>
              </li>
              <li>
                <NavLink to="/commitments">{t('nav.commitments')}</NavLink>
              </li>
              <li>
                <NavLink to="/cooperation">{t('cooperation.nav')}</NavLink>
              </li>
              {canWrite ? (
                <li>
                  <NavLink to="/workspace">{t('nav.workspace')}</NavLink>
                </li>
              ) : null}
              {hasCases ? (
                <li>
                  <NavLink to="/cases">{t('cases.nav')}</NavLink>
                </li>
              ) : null}
              {canAdmin ? (
                <li>
                  <NavLink to="/admin">{t('nav.admin')}</NavLink>
                </li>
              ) : null}
              {canAdmin ? (
                <li>
                  <NavLink to="/review">{t('review.nav')}</NavLink>
                </li>
              ) : null}
              {user ? (
                <>
                  <li>
                    <NavLink to="/account" data-testid="nav-account">
                      {t('nav.account')}
                    </NavLink>
                  </li>
                  <li>
                    <button type="button" className="link-button" onClick={() => void signOut()}>
                      {t('nav.signOut')}
                    </button>
                  </li>
                </>
              ) : session.isLoading ? null : (
                <li>
                  <NavLink to="/sign-in">{t('nav.signIn')}</NavLink>
                </li>
              )}
            </ul>
          </nav>
          <HeaderSearch />
          <LanguageSwitch />
        </div>
        {user ? (
          <div className="container signed-in-as">{t('nav.signedInAs', { name: user.displayName || user.email })}</div>
        ) : null}
      </header>
      <main id="main" tabIndex={-1}>
        <div className="container">
          <Outlet />
        </div>
      </main>
      <footer className="site-footer">
        <div className="container">
          <nav aria-label={t('sitePages.footer.label')}>
            <ul className="footer-links">
              <li>
                <Link to="/about">{t('sitePages.nav.about')}</Link>
              </li>
              <li>
                <Link to="/methodology">{t('sitePages.nav.methodology')}</Link>
              </li>
              <li>
                <Link to="/contact">{t('sitePages.nav.contact')}</Link>
              </li>
              <li>
                <Link to="/indicators">{t('indicatorsPublic.listTitle')}</Link>
              </li>
              <li>
                <a href="/api/openapi.json">{t('sitePages.footer.api')}</a>
              </li>
            </ul>
          </nav>
          <p>{t('sitePages.footer.licence')}</p>
          <p>{t('app.footer')}</p>
        </div>
      </footer>
    </>
  );
}
