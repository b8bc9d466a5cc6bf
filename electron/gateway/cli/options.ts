import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);

export const gatewayFlagsSchema = z.strictObject({
  config: z.string().min(1).optional(),
  port: port.optional(),
  host: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
  token: z.string().min(8, 'a token needs at least 8 characters').optional(),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).optional(),
});

export const connectFlagsSchema = z.strictObject({
  url: z.url().optional(),
  port: port.optional(),
  token: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
  config: z.string().min(1).optional(),
  name: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "_" or "-"')
    .optional(),
  default: z.boolean().optional(),
  write: z.boolean().optional(),
  print: z.boolean().optional(),
  dryRun: z.boolean().optional(),
  json: z.boolean().optional(),
});

export const clientFlagsSchema = z.strictObject({
  url: z.url().optional(),
  port: port.optional(),
  token: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
  config: z.string().min(1).optional(),
  json: z.boolean().optional(),
});

export const taskFlagsSchema = clientFlagsSchema.extend({
  agent: z.string().min(1).optional(),
  agents: z.string().min(1).optional(),
  sequential: z.boolean().optional(),
  cap: z.string().min(1).optional(),
  cwd: z.string().min(1).optional(),
  worktree: z.boolean().optional(),
  space: z.string().min(1).optional(),
  timeout: z.coerce.number().int().positive().optional(),
  model: z.string().min(1).optional(),
  dependsOn: z.string().min(1).optional(),
  follow: z.boolean().optional(),
  wait: z.boolean().default(true),
});

export const messageFlagsSchema = clientFlagsSchema.extend({
  to: z.string().min(1).optional(),
  session: z.string().min(1).optional(),
  follow: z.boolean().optional(),
  wait: z.boolean().default(true),
});

export const tasksFlagsSchema = clientFlagsSchema.extend({
  status: z.string().min(1).optional(),
  agent: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(20),
});

export type GatewayFlags = z.infer<typeof gatewayFlagsSchema>;
export type ConnectFlags = z.infer<typeof connectFlagsSchema>;

export function parseFlags<T extends z.ZodType>(schema: T, flags: unknown): z.infer<T> {
  const result = schema.safeParse(flags);
  if (!result.success) {
    const detail = result.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid options: ${detail}`);
  }
  return result.data;
}
