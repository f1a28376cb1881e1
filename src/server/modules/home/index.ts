/** Public surface of the home page and the workspace overview (issue 21, items 1 and 2). It owns no tables. */
export { HomeService, type HomeAnswer, type HomeSources } from './service.ts';
export { WorkspaceService, type WorkspaceSources } from './workspace.ts';
export { homeRoutes } from './routes.ts';
