import './commitments.css';

export { MeetingsPage, MeetingPage } from './MeetingPages.tsx';
export { OutcomePage } from './OutcomePage.tsx';
export { RoadmapsPage } from './RoadmapsPage.tsx';
export { RoadmapPage } from './RoadmapPage.tsx';
export { RoadmapFormPage, RoadmapEditPage } from './RoadmapFormPage.tsx';
export { PledgesPage, PledgePage } from './PledgePages.tsx';
export { PledgeFormPage, PledgeEditPage } from './PledgeFormPage.tsx';
export { DashboardPage, CountryPage } from './DashboardPages.tsx';
