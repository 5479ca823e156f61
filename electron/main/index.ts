import { join } from 'node:path';
import { dispatchIpc } from '../../shared/contract/ipc';
import { createRegisterEngine } from '../register/engine';
import { systemClock } from '../register/engine-clock';
import { openRegisterStore } from '../register/register-store';
import { createTimeSource } from '../register/time-source';
import { startMainProcess } from './main-process';

// Entry of the Electron main process (bundled by electron-vite to out/main/index.js, CommonJS, so
// __dirname is out/main). Environment: FRONTDESK_SERVER_URL (cloud service), FRONTDESK_DATA_DIR
// (override of the user-data folder, for tests and demos).

void startMainProcess({
  // The engine gets its opened store and its one time source from here; it closes the store when it stops.
  createEngine: ({ dataDir, ...rest }) => {
    const store = openRegisterStore(dataDir);
    return createRegisterEngine({ store, time: createTimeSource(systemClock, store.db), ...rest });
  },
  dispatch: dispatchIpc,
  paths: { preload: join(__dirname, '../preload/index.js'), indexHtml: join(__dirname, '../renderer/index.html') },
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  serverUrl: process.env.FRONTDESK_SERVER_URL,
  dataDir: process.env.FRONTDESK_DATA_DIR,
});
