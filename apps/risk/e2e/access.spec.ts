import { inject } from 'vitest';
import { describeRoleAccess } from '@platform/testing';

const urls = inject('appUrls');

describeRoleAccess({
  appUrl: () => urls.risk,
  appTitle: 'Credit Risk',
  otherAppUrl: () => urls.imaging,
  otherAppTitle: 'Imaging',
  user: { email: 'risk@platform.local', password: 'risk-demo-pass' },
  userName: 'Rita Risk',
  roleLabel: 'Risk officer',
  stranger: { email: 'radiology@platform.local', password: 'radiology-demo-pass' },
});
