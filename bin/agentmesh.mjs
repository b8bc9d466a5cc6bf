#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so the package works from a checkout
// without a separate compile step for the headless gateway.
import { register } from 'tsx/esm/api';

register();
await import('../electron/gateway/cli.ts');
