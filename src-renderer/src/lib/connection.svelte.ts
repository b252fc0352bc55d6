// Whether the engine can be reached. The transport says the moment it is lost (the event stream
// ends, a call gets no answer); from then on this asks the engine every `retryMs` until it answers,
// and says it is back, so what is on screen can be fetched again. Nothing to press: it retries by
// itself ("Try now" only saves a wait).
import type { Client } from './transport';
import { UNREACHABLE } from './transport';

export class Connection {
  online = $state(true);
  private timer: ReturnType<typeof setTimeout> | undefined;
  private probing = false;

  constructor(private readonly client: Pick<Client, 'call' | 'onConnection'>, private readonly onback: () => void, private readonly retryMs = 1000) {}

  /** Follows the transport; returns the function that stops following. */
  connect(): () => void {
    const stop = this.client.onConnection((online) => (online ? this.back() : this.lost()));
    return () => {
      stop();
      clearTimeout(this.timer);
    };
  }

  lost(): void {
    if (!this.online) return;
    this.online = false;
    this.schedule();
  }

  /** Asks now instead of at the next retry. */
  async retry(): Promise<void> {
    if (this.probing) return;
    clearTimeout(this.timer);
    this.probing = true;
    const r = await this.client.call('status', {});
    this.probing = false;
    // Any answer, even a refusal, means the server is there.
    if (r.ok || r.error.message !== UNREACHABLE) this.back();
    else this.schedule();
  }

  private back(): void {
    clearTimeout(this.timer);
    if (this.online) return;
    this.online = true;
    this.onback();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.retry(), this.retryMs);
  }
}
