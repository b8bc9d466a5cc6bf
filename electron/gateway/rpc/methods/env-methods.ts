import { rpcParams } from '../../../../shared/schemas/rpc.js';
import { rpcMethod } from '../dispatcher.js';
import type { RpcServices } from '../rpc-services.js';

/** env.switch, env.snapshot, env.rollback, env.list_snapshots: the env service, in the spec's shapes. */
export function envMethods(s: RpcServices) {
  return {
    'env.switch': rpcMethod({
      params: rpcParams['env.switch'],
      handler: (params) => s.env.switch({ agentId: params.agent_id, preset: params.preset, variables: params.variables, createSnapshot: params.create_snapshot }),
    }),
    'env.snapshot': rpcMethod({
      params: rpcParams['env.snapshot'],
      handler: (params) => s.env.snapshot({ agentId: params.agent_id, snapshotId: params.snapshot_id, description: params.description }),
    }),
    'env.rollback': rpcMethod({
      params: rpcParams['env.rollback'],
      handler: (params) => s.env.rollback({ snapshotId: params.snapshot_id, force: params.force }),
    }),
    'env.list_snapshots': rpcMethod({
      params: rpcParams['env.list_snapshots'],
      readOnly: true,
      handler: (params) => s.env.listSnapshots(params.agent_id),
    }),
  };
}
