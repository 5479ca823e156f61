import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { CatalogItem } from '../../../shared/contract/entities';
import type { IpcInput, IpcMethod, IpcOutput } from '../../../shared/contract/ipc';
import { createIpcClient, type IpcClient } from '../../../shared/contract/ipc-client';
import type { RegisterSnapshot } from '../../../shared/contract/register-view';
import type { HostTransport } from '../bridge/choose-transport';
import type { BridgeStatus } from '../bridge/websocket-transport';
import { setStudioRegion } from './format';

// All UI state comes from the engine: snapshots (pushed and returned by calls) and the catalog.

export type CatalogState = { items: CatalogItem[]; updatedAt: number };

type RegisterStore = {
  snapshot: RegisterSnapshot | null;
  /** performance.now() when the current snapshot arrived: countdowns run from here, never from Date.now(). */
  receivedAt: number;
  catalog: CatalogState | null;
  bridge: BridgeStatus;
  call: <M extends IpcMethod>(method: M, input: IpcInput<M>) => Promise<IpcOutput<M>>;
  reloadCatalog: () => void;
};

const RegisterContext = createContext<RegisterStore | null>(null);

function isSnapshot(value: unknown): value is RegisterSnapshot {
  return typeof value === 'object' && value !== null && 'enrollment' in value && 'connection' in value;
}

export function RegisterProvider({ host, children }: { host: HostTransport; children: ReactNode }) {
  const client: IpcClient = useMemo(() => createIpcClient(host.transport), [host]);
  const [{ snapshot, receivedAt }, setReceived] = useState<{ snapshot: RegisterSnapshot | null; receivedAt: number }>({
    snapshot: null,
    receivedAt: 0,
  });
  const setSnapshot = useCallback((next: RegisterSnapshot) => {
    // Before the screens render it: every money and time on them is written the enrolled studio's way.
    if (next.enrollment.kind === 'enrolled') setStudioRegion(next.enrollment.location);
    setReceived({ snapshot: next, receivedAt: performance.now() });
  }, []);
  const [catalog, setCatalog] = useState<CatalogState | null>(null);
  const [bridge, setBridge] = useState<BridgeStatus>(() => host.status());
  const [catalogWanted, setCatalogWanted] = useState(0);

  const loadSnapshot = useCallback(() => {
    client.call('app.snapshot', {}).then(setSnapshot, () => undefined);
  }, [client, setSnapshot]);

  useEffect(() => {
    loadSnapshot();
    const stopPush = client.onPush((message) => {
      if (message.type === 'snapshot') setSnapshot(message.snapshot);
      else setCatalogWanted((n) => n + 1);
    });
    // The socket may have opened before this effect subscribed.
    setBridge(host.status());
    const stopStatus = host.onStatus((status) => {
      setBridge(status);
      if (status === 'open') {
        loadSnapshot();
        setCatalogWanted((n) => n + 1);
      }
    });
    return () => {
      stopPush();
      stopStatus();
    };
  }, [client, host, loadSnapshot, setSnapshot]);

  const signedIn = snapshot?.staff != null;
  useEffect(() => {
    if (!signedIn) return;
    let current = true;
    client.call('catalog.list', {}).then(
      (next) => current && setCatalog(next),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [client, signedIn, catalogWanted]);

  const call = useCallback(
    async <M extends IpcMethod>(method: M, input: IpcInput<M>): Promise<IpcOutput<M>> => {
      const output = await client.call(method, input);
      if (isSnapshot(output)) setSnapshot(output);
      else if (typeof output === 'object' && output !== null && 'snapshot' in output && isSnapshot(output.snapshot)) {
        setSnapshot(output.snapshot);
      }
      return output;
    },
    [client, setSnapshot],
  );

  const reloadCatalog = useCallback(() => setCatalogWanted((n) => n + 1), []);
  const store = useMemo(() => ({ snapshot, receivedAt, catalog, bridge, call, reloadCatalog }), [snapshot, receivedAt, catalog, bridge, call, reloadCatalog]);
  return <RegisterContext.Provider value={store}>{children}</RegisterContext.Provider>;
}

export function useRegister(): RegisterStore {
  const store = useContext(RegisterContext);
  if (!store) throw new Error('useRegister must be used inside RegisterProvider');
  return store;
}

/** The snapshot, once loaded (screens below App only render after it is). */
export function useSnapshot(): RegisterSnapshot {
  const { snapshot } = useRegister();
  if (!snapshot) throw new Error('The snapshot is not loaded yet');
  return snapshot;
}
