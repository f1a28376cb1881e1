import './incidents.css';

export { MissingMigrantsPage } from './MissingMigrantsPage.tsx';
export { IncidentDetailPage } from './IncidentDetailPage.tsx';
export { RecordPage } from './RecordPage.tsx';
export { PendingPage } from './PendingPage.tsx';
export { ImportPage } from './ImportPage.tsx';
export { CorrectPage } from './CorrectPage.tsx';
