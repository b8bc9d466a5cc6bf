import { contextBridge, ipcRenderer } from 'electron';
import { buildMeshApi } from './mesh-api.js';

export type { MeshApi } from './mesh-api.js';

// The page gets the contract's named functions and nothing else: no ipcRenderer, no generic invoke.
contextBridge.exposeInMainWorld('mesh', buildMeshApi(ipcRenderer));
