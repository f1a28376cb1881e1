import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

/** The header's search box: a real form (works without script as GET /search?q=…). */
export function HeaderSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!q.trim()) return;
    void navigate(`/search?q=${encodeURIComponent(q.trim())}`);
    setQ('');
  };
  return (
    <form role="search" aria-label={t('siteSearch.siteWide')} action="/search" method="get" className="header-search" onSubmit={submit}>
      <label htmlFor="site-search" className="visually-hidden">
        {t('siteSearch.siteWide')}
      </label>
      <input id="site-search" name="q" type="search" placeholder={t('siteSearch.placeholder')} value={q} maxLength={200} onChange={(e) => setQ(e.target.value)} />
      <button type="submit" aria-label={t('siteSearch.submitSite')}>
        {t('siteSearch.submit')}
      </button>
    </form>
  );
}
