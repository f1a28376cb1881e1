import './cases.css';

export { CasesHomePage } from './CasesHome.tsx';
export { CasePage } from './CasePage.tsx';
export { NewRecordPage } from './RecordForm.tsx';
export { GrantsPage } from './GrantsPage.tsx';
