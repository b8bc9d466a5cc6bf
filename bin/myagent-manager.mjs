#!/usr/bin/env node
// specs/004's CLI name: `agentmesh service …` with its commands at the top level
// (electron/gateway/cli.ts tells by this file's name).
await import('./agentmesh.mjs');
