import { join } from 'node:path';
import { autoUpdater } from 'electron-updater';
import { dispatchIpc } from '../../shared/contract/ipc';
import { createCustomerViewFeed } from '../register/customer-view-feed';
import { startEmbeddedServer } from '../register/embedded-server';
import { createRegisterEngine } from '../register/engine';
import { systemClock } from '../register/engine-clock';
import { openRegisterStore } from '../register/register-store';
import { createTimeSource } from '../register/time-source';
import { machineConfigPath } from './machine-config';
import { startMainProcess } from './main-process';

// Entry of the Electron main process (bundled by electron-vite to out/main/index.js, CommonJS, so
// __dirname is out/main). Environment: FRONTDESK_SERVER_URL (cloud service; without it a repository
// checkout starts the embedded demo server and enrolls with it), FRONTDESK_DATA_DIR
// (override of the user-data folder, for tests and demos), FRONTDESK_CUSTOMER_DISPLAY (off, auto —
// the default — or a display id: where the customer-facing window goes, over the Settings choice),
// FRONTDESK_MACHINE_CONFIG (another path for IT's machine-wide config.json, see machine-config.ts).

void startMainProcess({
  // The engine gets its opened store and its one time source from here; it closes the store when it stops.
  createEngine: ({ dataDir, ...rest }) => {
    const store = openRegisterStore(dataDir);
    return createRegisterEngine({ store, time: createTimeSource(systemClock, store.db), ...rest });
  },
  dispatch: dispatchIpc,
  paths: { preload: join(__dirname, '../preload/index.js'), indexHtml: join(__dirname, '../renderer/index.html') },
  customerDisplay: {
    paths: { preload: join(__dirname, '../preload/customer.js'), html: join(__dirname, '../renderer/customer.html') },
    setting: process.env.FRONTDESK_CUSTOMER_DISPLAY,
    createFeed: (engine) => createCustomerViewFeed({ snapshot: () => engine.handlers['app.snapshot']({}), onPush: (listener) => engine.onPush(listener) }),
  },
  // out/main is two folders below the repository root, where the demo server's sources are.
  demoServer: {
    enrollmentCode: 'DEMO-ENROLL',
    start: ({ dataDir, log }) => startEmbeddedServer({ repoRoot: join(__dirname, '../..'), preferredPort: 4400, dataDir, log }),
  },
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  serverUrl: process.env.FRONTDESK_SERVER_URL,
  dataDir: process.env.FRONTDESK_DATA_DIR,
  machineConfigPath: machineConfigPath(process.platform, process.env),
  // Read on first use only: electron-updater's updater is made for the platform it runs on, from resources/app-update.yml.
  updater: () => autoUpdater,
});
