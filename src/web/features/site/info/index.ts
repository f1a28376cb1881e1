/** About, methodology and contact (issue 21): loaded when someone opens one of them. */
export { InfoPage } from './InfoPage.tsx';
export { EditPage } from './EditPage.tsx';
