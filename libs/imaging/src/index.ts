// Imaging domain (server entry): studies, findings, reports and the tRPC router of the imaging app.
export { imagingRouter } from './router';
