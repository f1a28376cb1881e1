import './catalogue.css';

// The chunk of the public catalogue pages (issue 18), drawn on the server (ADR 0008).
export { CataloguePage } from './CataloguePage.tsx';
export { IndicatorPage } from './IndicatorPage.tsx';
