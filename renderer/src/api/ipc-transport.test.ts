import { describe, expect, it } from 'vitest';
import { fromIpcError } from './ipc-transport';

describe('fromIpcError', () => {
  it('keeps a code main sent as JSON in the message', () => {
    const error = new Error(`Error invoking remote method 'mesh:invoke:providers.remove': Error: ${JSON.stringify({ code: 'PROVIDER_IN_USE', message: 'change the routes first', status: 409 })}`);
    expect(fromIpcError(error)).toMatchObject({ code: 'PROVIDER_IN_USE', message: 'change the routes first', status: 409 });
  });

  it('falls back to the plain message without Electron prefix', () => {
    expect(fromIpcError(new Error("Error invoking remote method 'mesh:invoke:tasks.get': HttpError: No task 'x'"))).toMatchObject({ code: 'IPC_ERROR', message: "No task 'x'" });
  });
});
