import { z } from 'zod';

/** A variable name an env preset may set (the gateway's own token is never one). */
export const envVarNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name: letters, digits and "_", not starting with a digit')
  .max(128)
  .refine((name) => !reservedEnvNames.includes(name.toUpperCase()), 'set by the gateway itself for each task');

/** What the gateway sets for every task itself: a preset may not replace them. */
export const reservedEnvNames = ['AGENTMESH_TOKEN', 'AGENTMESH_TASK_ID', 'AGENTMESH_GATEWAY_URL', 'PWD'];

export const envVariablesSchema = z.record(envVarNameSchema, z.string().max(16_384)).refine((vars) => Object.keys(vars).length <= 256, 'at most 256 variables');

/** `presets.NAME`: a named set of variables the agents this gateway spawns can be switched to. */
export const envPresetSchema = z.strictObject({
  description: z.string().max(500).optional(),
  variables: envVariablesSchema.default({}),
  /** Send the agent's own model calls through this gateway while the preset is active. */
  routeModelsThroughGateway: z.boolean().optional(),
});
export type EnvPreset = z.infer<typeof envPresetSchema>;

/** What an agent runs with before any switch, so no preset may take the name. */
export const NO_PRESET = 'none';

export const presetNameSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-"')
  .refine((name) => name !== NO_PRESET, `"${NO_PRESET}" means no preset`);

/** The scope of a switch or snapshot made without `agent_id`: every agent without a preset of its own. */
export const ALL_AGENTS = '*';

/** The spec's EnvSnapshot (specs/003), plus its description. Secret values are never in it: they read `***`. */
export interface EnvSnapshot {
  snapshot_id: string;
  agent_id: string;
  timestamp: string;
  preset_name: string;
  variables: Record<string, string>;
  checksum: string;
  description?: string | null;
}

/** A preset as the dashboard and CLI show it (secret values masked). */
export interface EnvPresetView {
  name: string;
  description: string | null;
  variables: Record<string, string>;
  routeModelsThroughGateway: boolean | null;
}

/** The preset an agent runs with now (`*`: the default for agents without their own). */
export interface ActiveEnvView {
  agent_id: string;
  preset: string;
  /** Variables given at the switch on top of the preset's, masked like the preset's. */
  overrides: Record<string, string>;
  switched_at: string | null;
  /** Where it comes from: its own switch, or the `*` default. */
  inherited: boolean;
}
