import { join } from 'node:path';
import { dispatchIpc } from '../../shared/contract/ipc';
import { createRegisterEngine } from '../register/engine';
import { startMainProcess } from './main-process';

// Entry of the Electron main process (bundled by electron-vite to out/main/index.js, CommonJS, so
// __dirname is out/main). Environment: FRONTDESK_SERVER_URL (cloud service), FRONTDESK_DATA_DIR
// (override of the user-data folder, for tests and demos).

void startMainProcess({
  createEngine: createRegisterEngine,
  dispatch: dispatchIpc,
  paths: { preload: join(__dirname, '../preload/index.js'), indexHtml: join(__dirname, '../renderer/index.html') },
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  serverUrl: process.env.FRONTDESK_SERVER_URL,
  dataDir: process.env.FRONTDESK_DATA_DIR,
});
