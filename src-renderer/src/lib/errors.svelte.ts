// The UI's one error handler: failed API calls, and anything thrown that nobody caught, become a
// short message the person can read and dismiss. Nothing fails silently, nothing crashes the page.
import type { ApiError } from '../../../src-shared/api';

export interface Notice {
  id: number;
  message: string;
}

export class Errors {
  notices = $state<Notice[]>([]);
  private nextId = 1;

  report(error: ApiError | Error | string): void {
    const message = typeof error === 'string' ? error : error.message;
    if (this.notices.some((n) => n.message === message)) return; // the same failure once, not a stack
    this.notices = [...this.notices.slice(-3), { id: this.nextId++, message }];
  }

  dismiss(id: number): void {
    this.notices = this.notices.filter((n) => n.id !== id);
  }

  /** Catches what escaped every handler, so it shows up here instead of only in a console. */
  listen(target: Pick<Window, 'addEventListener'>): void {
    target.addEventListener('error', (e) => this.report((e as ErrorEvent).message || 'Something went wrong.'));
    target.addEventListener('unhandledrejection', (e) => {
      const reason = (e as PromiseRejectionEvent).reason as unknown;
      this.report(reason instanceof Error ? reason : String(reason));
    });
  }
}
