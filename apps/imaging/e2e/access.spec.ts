import { inject } from 'vitest';
import { describeRoleAccess } from '@platform/testing';

const urls = inject('appUrls');

describeRoleAccess({
  appUrl: () => urls.imaging,
  appTitle: 'Imaging',
  otherAppUrl: () => urls.retail,
  otherAppTitle: 'Retail Planning',
  user: { email: 'radiology@platform.local', password: 'radiology-demo-pass' },
  userName: 'Dr. Ravi Rad',
  roleLabel: 'Radiologist',
  stranger: { email: 'retail@platform.local', password: 'retail-demo-pass' },
});
