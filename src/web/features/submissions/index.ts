import './submissions.css';

export { SubmitPage } from './SubmitPage.tsx';
export { ReportPage } from './ReportPage.tsx';
export { ListPage } from './ListPage.tsx';
export { ReleasesPage } from './ReleasesPage.tsx';
