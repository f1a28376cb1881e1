import './objectives.css';

export { ObjectivePage } from './ObjectivePage.tsx';
export { ObjectivesPage } from './ObjectivesPage.tsx';
