import { useEffect, useState } from 'react';
import type { GatewayStatus } from '@shared/contract';

declare global {
  interface Window {
    mesh?: { gatewayStatus(input: Record<string, never>): Promise<GatewayStatus> };
  }
}

/** A minimal status page; the full dashboard lands with the desktop-app issue. */
export function App() {
  const [status, setStatus] = useState<GatewayStatus | undefined>();
  useEffect(() => {
    void window.mesh?.gatewayStatus({}).then(setStatus);
  }, []);
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', padding: 24 }}>
      <h1>AgentMesh</h1>
      <p data-testid="gateway-url">{status ? `Gateway at ${status.url}` : 'Gateway starting…'}</p>
      <ul>
        {status?.providers.map((provider) => (
          <li key={provider.id}>
            {provider.id}: {provider.available ? 'available' : `unavailable (${provider.reason})`}
          </li>
        ))}
      </ul>
    </main>
  );
}
