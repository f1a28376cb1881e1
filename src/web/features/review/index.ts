import './review.css';

export { ReportsPage } from './ReportsPage.tsx';
export { ReportPage } from './ReportPage.tsx';
