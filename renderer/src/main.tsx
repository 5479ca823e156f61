import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { RegisterProvider } from './app/register-store';
import { chooseTransport } from './bridge/choose-transport';
import './styles/app.css';
import './styles/pos.css';
import './styles/link.css';
import './styles/tray.css';
import './styles/print.css';
import './styles/clients.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element');
chooseTransport().then(
  (host) =>
    createRoot(root).render(
      <StrictMode>
        <RegisterProvider host={host}>
          <App />
        </RegisterProvider>
      </StrictMode>,
    ),
  // The browser host's transport is a separate file fetched on demand; if that fetch fails (the host stopped
  // mid-load), say so instead of leaving a blank window.
  (error: unknown) => {
    console.error(error);
    root.textContent = 'The register could not start its connection. Reload the page to try again.';
  },
);
