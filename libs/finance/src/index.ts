// Credit-risk domain (server entry): services, repositories and the tRPC router of the risk app.
export { financeRouter } from './router';
