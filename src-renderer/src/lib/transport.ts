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

export interface DesktopExtras {
  /** The path of a dropped file or folder (desktop only). */
  pathForFile(file: File): string | undefined;
  /** Starts dragging the photo's file out of the app (desktop only). */
  startDrag(photoId: number): boolean;
}

export type Client = ApiClient & DesktopExtras;

export function electronClient(bridge: Bridge): Client {
  return {
    desktop: true,
    call: <M extends ApiMethod>(method: M, params: ApiParams<M>) => bridge.call(method, params) as Promise<ApiResult<M>>,
    onEvent: (listener) => bridge.onEvent(listener),
    photoUrl: (id, size) => `photo://${size}/${id}`,
    pathForFile: (file) => bridge.pathForFile(file) || undefined,
    startDrag: (id) => (bridge.startDrag(id), true),
  };
}

export function httpClient(base: string, token: string, fetchImpl: typeof fetch = fetch): Client {
  const listeners = new Set<(event: ApiEvent) => void>();
  let source: EventSource | undefined;
  const connect = () => {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`${base}/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (m) => {
      const event = JSON.parse(m.data as string) as ApiEvent;
      for (const l of listeners) l(event);
    };
  };
  return {
    desktop: false,
    async call<M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
      let res: Response;
      try {
        res = await fetchImpl(`${base}/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(params),
        });
      } catch {
        return { ok: false, error: { code: 'failed', message: 'The photo search server cannot be reached. Is it still running?' } };
      }
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
