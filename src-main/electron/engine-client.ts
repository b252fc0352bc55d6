// The main process's side of the engine process: numbered requests, their replies, and the events
// the engine pushes. A request the engine cannot answer (it stopped) fails with a readable error.
import type { ApiError, ApiEvent, ApiResult } from '../../src-shared/api.js';
import type { ApiMethod } from '../../src-shared/api-schemas.js';
import type { Channel, EngineReply, EngineRequest } from './engine-messages.js';

type Pending = { resolve: (reply: EngineReply) => void };
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: ApiEvent) => void>();

  constructor(private readonly channel: Channel) {
    channel.onMessage((msg) => this.receive(msg as EngineReply));
  }

  private receive(reply: EngineReply): void {
    if ('event' in reply) {
      for (const l of this.listeners) l(reply.event);
      return;
    }
    const p = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    p?.resolve(reply);
  }

  private request(req: DistributiveOmit<EngineRequest, 'id'>): Promise<EngineReply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.channel.post({ ...req, id });
    });
  }

  /** Forwards an API call; the engine process validates it. */
  async call(method: string, params: unknown): Promise<ApiResult<ApiMethod>> {
    const reply = await this.request({ kind: 'call', method, params });
    if ('event' in reply) throw new Error('unreachable');
    return reply.ok ? { ok: true, value: reply.value as never } : { ok: false, error: reply.error as ApiError };
  }

  async jpeg(photoId: number, size: 'thumbnail' | 'full'): Promise<Uint8Array | ApiError> {
    const reply = await this.request({ kind: 'jpeg', photoId, size });
    if ('event' in reply) throw new Error('unreachable');
    return reply.ok ? (reply.value as Uint8Array) : (reply.error as ApiError);
  }

  async path(photoId: number): Promise<string | ApiError> {
    const reply = await this.request({ kind: 'path', photoId });
    if ('event' in reply) throw new Error('unreachable');
    return reply.ok ? (reply.value as string) : (reply.error as ApiError);
  }

  onEvent(listener: (event: ApiEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The engine process ended: every waiting request fails instead of hanging. */
  stopped(reason: string): void {
    for (const [id, p] of this.pending) p.resolve({ id, ok: false, error: { code: 'failed', message: reason } });
    this.pending.clear();
    for (const l of this.listeners) l({ type: 'error', message: reason });
  }
}
