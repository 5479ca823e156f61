import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CustomerDisplay } from './CustomerDisplay';
import { chooseViewSource } from './view-source';
import './customer.css';

// The customer-facing display: its own small entry, so it never loads the register's app.

const root = document.getElementById('customer-root');
if (!root) throw new Error('The page has no #customer-root element');
createRoot(root).render(
  <StrictMode>
    <CustomerDisplay source={chooseViewSource()} />
  </StrictMode>,
);
