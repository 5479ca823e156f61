import { contextBridge, ipcRenderer } from 'electron';
import { createCustomerDisplayApi } from './customer-api';

// Sandboxed preload of the customer display window (out/preload/customer.js): exposes
// window.frontdeskCustomer = { onView } and nothing else.
contextBridge.exposeInMainWorld('frontdeskCustomer', createCustomerDisplayApi(ipcRenderer));
