// Client-safe: roles and which app each may open. No server imports here.

export const ROLE_KEYS = ['admin', 'risk_officer', 'radiologist', 'merchandiser', 'executive'] as const;
export type TRole = (typeof ROLE_KEYS)[number];

export const APP_KEYS = ['strategy', 'risk', 'imaging', 'retail'] as const;
export type TAppKey = (typeof APP_KEYS)[number];

export const ROLE_INFO: Record<TRole, { label: string; description: string; homeApp: TAppKey }> = {
  admin: { label: 'Administrator', description: 'Runs the platform: users, audit, jobs, every app.', homeApp: 'strategy' },
  risk_officer: { label: 'Risk officer', description: 'Reviews credit-risk scores and decides applications.', homeApp: 'risk' },
  radiologist: { label: 'Radiologist', description: 'Reads studies with AI-assisted findings and signs reports.', homeApp: 'imaging' },
  merchandiser: { label: 'Merchandiser', description: 'Plans inventory from demand forecasts and recommendations.', homeApp: 'retail' },
  executive: { label: 'Executive', description: 'Tracks AI ROI, maturity, risks and roadmap across the verticals.', homeApp: 'strategy' },
};

export const APP_INFO: Record<TAppKey, { title: string; defaultPort: number; roles: readonly TRole[] }> = {
  strategy: { title: 'AI Strategy', defaultPort: 3000, roles: ['executive', 'admin'] },
  risk: { title: 'Credit Risk', defaultPort: 3001, roles: ['risk_officer', 'admin'] },
  imaging: { title: 'Imaging', defaultPort: 3002, roles: ['radiologist', 'admin'] },
  retail: { title: 'Retail Planning', defaultPort: 3003, roles: ['merchandiser', 'admin'] },
};

export function isRole(value: unknown): value is TRole {
  return typeof value === 'string' && (ROLE_KEYS as readonly string[]).includes(value);
}

/** Whether a role may open an app's pages and procedures. */
export function canOpenApp({ role, app }: { role: TRole; app: TAppKey }): boolean {
  return APP_INFO[app].roles.includes(role);
}

/** Apps a role may open, in navigation order. */
export function appsForRole({ role }: { role: TRole }): TAppKey[] {
  return APP_KEYS.filter((app) => canOpenApp({ role, app }));
}
