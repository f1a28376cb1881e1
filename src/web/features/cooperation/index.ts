import './cooperation.css';

export { HubPage } from './HubPage.tsx';
export { RequestPage } from './RequestPage.tsx';
export { RequestFormPage, OfferFormPage, RequestEditPage } from './PostForm.tsx';
export { PartyCooperation } from './PartyCooperation.tsx';
export { CataloguePage } from './CataloguePage.tsx';
export { OrganisationPage } from './OrganisationPage.tsx';
