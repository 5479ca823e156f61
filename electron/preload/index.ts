import { contextBridge, ipcRenderer } from 'electron';
import { createFrontdeskApi } from './frontdesk-api';

// Sandboxed preload (bundled to a single CommonJS file, out/preload/index.js): exposes
// window.frontdesk = { invoke, onPush } and nothing else.
contextBridge.exposeInMainWorld('frontdesk', createFrontdeskApi(ipcRenderer));
