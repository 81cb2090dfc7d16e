// Retail domain (server entry): forecasts, inventory plans, recommendations and the retail app's router.
export { retailRouter } from './router';
