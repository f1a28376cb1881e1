import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureClient } from './api/client.ts';
import { currentLocale, initI18n } from './i18n.ts';
import { App } from './app/App.tsx';
import './styles.css';

const i18n = await initI18n();
configureClient({ lang: currentLocale, fallback: (kind) => i18n.t(kind === 'network' ? 'errors.network' : 'errors.unexpected') });

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
