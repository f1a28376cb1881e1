import './practices.css';

export { SearchPage } from './SearchPage.tsx';
export { CoveragePage } from './CoveragePage.tsx';
export { DetailPage } from './DetailPage.tsx';
export { HistoryPage } from './HistoryPage.tsx';
export { EditPage } from './EditPage.tsx';
export { WorkspacePage } from './WorkspacePage.tsx';
