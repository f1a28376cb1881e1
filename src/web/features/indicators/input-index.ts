import './input.css';

// The chunk of the pages where values arrive from people and files (issue 18 item 2).
export { ReportValuesPage } from './ReportValuesPage.tsx';
export { ReviewPage } from './ReviewPage.tsx';
export { IndicatorEditPage } from './IndicatorEditPage.tsx';
