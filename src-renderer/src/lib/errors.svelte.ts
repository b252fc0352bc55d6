// The UI's one error handler: failed API calls, and anything thrown that nobody caught, become a
// short message the person can read and dismiss. Nothing fails silently, nothing crashes the page.
// Every message goes through the one mapping of error-text.ts: people read sentences, not codes.
import type { ApiError } from '../../../src-shared/api';
import { errorText } from './error-text';
import { locale } from './i18n';

export interface Notice {
  id: number;
  message: string;
  detail: string | null; // the engine's own words, shown smaller
}

export class Errors {
  notices = $state<Notice[]>([]);
  private nextId = 1;
  /** True while the engine cannot be reached: the offline banner says so once, instead of a toast per call. */
  quiet = false;

  constructor(private readonly lang: string = locale) {}

  report(error: ApiError | Error | string): void {
    if (this.quiet) return;
    const { message, detail } = errorText(error, this.lang);
    if (this.notices.some((n) => n.message === message && n.detail === detail)) return; // the same failure once, not a stack
    this.notices = [...this.notices.slice(-3), { id: this.nextId++, message, detail }];
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
