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

const host = chooseTransport();
const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element');
createRoot(root).render(
  <StrictMode>
    <RegisterProvider host={host}>
      <App />
    </RegisterProvider>
  </StrictMode>,
);
