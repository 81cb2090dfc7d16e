import { SettingsForm } from '@platform/finance/ui';
import { Card, PageHeader } from '@platform/ui';
import { serverCaller } from '../../../server/router';
import { saveSettingsAction } from './actions';

export default async function SettingsPage() {
  const settings = await (await serverCaller()).finance.settings.get();
  return (
    <>
      <PageHeader title="Risk settings" subtitle="Expected loss = PD × LGD × exposure. A PD belongs to the first grade whose highest PD it does not exceed." />
      <Card title="Grades and loss given default">
        <SettingsForm lgd={settings.lgd} bands={settings.bands} action={saveSettingsAction} />
      </Card>
    </>
  );
}
