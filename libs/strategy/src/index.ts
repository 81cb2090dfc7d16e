// Strategy domain (server entry): initiatives, costs, benefits, ROI and the strategy app's router.
export { strategyRouter } from './router';
