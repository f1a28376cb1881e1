import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Validation } from './api.ts';

/** "Validated by the State" / "reported by stakeholder": text, not colour alone. */
export function ValidationBadge({ validation }: { validation: Validation }) {
  const { t } = useTranslation();
  return <span className={`badge badge-validation-${validation}`}>{t(`practices.validation.${validation}`)}</span>;
}

/** Says that the text shown is the platform's translation, not the source's (the original stays the source). */
export function TranslationMark() {
  const { t } = useTranslation();
  return (
    <p className="translation-mark" data-testid="translation-mark">
      {t('practices.translation.mark')}
    </p>
  );
}

export function PracticesSubNav() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('practices.subNav')} className="sub-nav">
      <ul>
        <li>
          <Link to="/practices">{t('practices.search.title')}</Link>
        </li>
        <li>
          <Link to="/practices/coverage">{t('practices.coverage.title')}</Link>
        </li>
      </ul>
    </nav>
  );
}
