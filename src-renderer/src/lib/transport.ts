// How the UI reaches the engine: the Electron preload bridge when it is there, else the web mode's
// HTTP API with the token from the page's address, and server-sent events for progress. Both give
// the same ApiClient (src-shared/api.ts), so nothing else in the UI knows which one it runs on.
import { BRIDGE_NAME, type ApiClient, type ApiEvent, type ApiMethod, type ApiParams, type ApiResult } from '../../../src-shared/api';

interface Bridge {
  call(method: string, params: unknown): Promise<unknown>;
  onEvent(listener: (event: ApiEvent) => void): () => void;
  pathForFile(file: File): string;
  startDrag(photoId: number): void;
}

/** What the web client answers when the server does not answer at all (the connection state shows it). */
export const UNREACHABLE = 'The photo search server cannot be reached. Is it still running?';

export interface DesktopExtras {
  /** Web mode opened without its token: nothing can be called until the printed address is opened. */
  readonly needsToken: boolean;
  /** Follows whether the engine can be reached (false: stopped or gone); returns the function that stops following. */
  onConnection(listener: (online: boolean) => void): () => void;
  /** The path of a dropped file or folder (desktop only). */
  pathForFile(file: File): string | undefined;
  /** Starts dragging the photo's file out of the app (desktop only). */
  startDrag(photoId: number): boolean;
}

export type Client = ApiClient & DesktopExtras;

export function electronClient(bridge: Bridge): Client {
  return {
    desktop: true,
    needsToken: false,
    onConnection: () => () => undefined,
    call: <M extends ApiMethod>(method: M, params: ApiParams<M>) => bridge.call(method, params) as Promise<ApiResult<M>>,
    onEvent: (listener) => bridge.onEvent(listener),
    photoUrl: (id, size) => `photo://${size}/${id}`,
    pathForFile: (file) => bridge.pathForFile(file) || undefined,
    startDrag: (id) => (bridge.startDrag(id), true),
  };
}

export function httpClient(base: string, token: string, fetchImpl: typeof fetch = fetch): Client {
  const listeners = new Set<(event: ApiEvent) => void>();
  const connectionListeners = new Set<(online: boolean) => void>();
  let source: EventSource | undefined;
  let online = true;
  let losses = 0; // times the server was found gone: an answer to a call sent before the last one proves nothing
  const setOnline = (value: boolean) => {
    if (!value) losses++;
    if (value === online) return;
    online = value;
    // Back: an event stream that gave up while the server was away is opened again.
    if (value && source && source.readyState === EventSource.CLOSED) {
      source.close();
      source = undefined;
      connect();
    }
    for (const l of connectionListeners) l(value);
  };
  const connect = () => {
    if (source || typeof EventSource === 'undefined' || !token) return;
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (m) => {
      const event = JSON.parse(m.data as string) as ApiEvent;
      for (const l of listeners) l(event);
    };
    // The stream ends the moment the server stops: the quickest sign that it is gone. CONNECTING
    // means the browser retries (the server is away); CLOSED means it answered with a refusal.
    source.onerror = () => {
      if (source?.readyState === EventSource.CONNECTING) setOnline(false);
    };
    source.onopen = () => setOnline(true);
  };
  return {
    desktop: false,
    needsToken: !token,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
      const sentAfter = losses;
      let res: Response;
      try {
        res = await fetchImpl(`${base}/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(params),
        });
      } catch {
        setOnline(false);
        return { ok: false, error: { code: 'failed', message: UNREACHABLE } };
      }
      // An answer says the server is there, unless it was found gone since this call was sent: the answer is older
      // than that (a photo's details answered as the server stopped put the offline banner away for seconds).
      if (losses === sentAfter) setOnline(true);
      try {
        return (await res.json()) as ApiResult<M>;
      } catch {
        return { ok: false, error: { code: 'failed', message: `The server answered ${res.status} without a result.` } };
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      connect();
      return () => listeners.delete(listener);
    },
    photoUrl: (id, size) => `${base}/photos/${id}/${size}?token=${encodeURIComponent(token)}`,
    originalUrl: (id) => `${base}/photos/${id}/original?token=${encodeURIComponent(token)}`,
    pathForFile: () => undefined,
    startDrag: () => false,
  };
}

/** The client for this page. */
export function createClient(): Client {
  const bridge = (globalThis as Record<string, unknown>)[BRIDGE_NAME] as Bridge | undefined;
  if (bridge) return electronClient(bridge);
  const token = new URLSearchParams(location.search).get('token') ?? '';
  return httpClient('', token);
}
