export { exchangeRoutes } from './exchange-routes.ts';
export { exploreRoutes } from './explore-routes.ts';
export { observatoryRoutes } from './routes.ts';
export { workflowRoutes } from './workflow-routes.ts';
