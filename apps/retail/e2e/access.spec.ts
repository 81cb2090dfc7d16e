import { inject } from 'vitest';
import { describeRoleAccess } from '@platform/testing';

const urls = inject('appUrls');

describeRoleAccess({
  appUrl: () => urls.retail,
  appTitle: 'Retail Planning',
  otherAppUrl: () => urls.risk,
  otherAppTitle: 'Credit Risk',
  user: { email: 'retail@platform.local', password: 'retail-demo-pass' },
  userName: 'Mona Merchant',
  roleLabel: 'Merchandiser',
  stranger: { email: 'exec@platform.local', password: 'exec-demo-pass' },
});
