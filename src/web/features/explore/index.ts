import './explore.css';

export { HomePage } from './HomePage.tsx';
export { ExplorerPage } from './ExplorerPage.tsx';
export { EmbedPage } from './EmbedPage.tsx';
export { CountryPage, CountriesPage } from './CountryPage.tsx';
export { CorridorsPage } from './CorridorsPage.tsx';
export { MirrorPage } from './MirrorPage.tsx';
