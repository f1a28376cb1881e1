/** Public surface of the objectives module (a page per GCM objective, a country's GCM picture). */
export { ObjectivesService, MEMBERS as GCM_MEMBER_COUNTRIES, type ObjectivesDeps } from './service.ts';
export { objectivesRoutes } from './routes.ts';
export { OBJECTIVE_FIGURES, figuresFor, type FigureSource } from './figures.ts';
export type { IndicatorsPort } from './indicators.ts';
