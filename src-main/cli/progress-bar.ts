// A one-line progress bar for a terminal (stderr), redrawn in place. Silent when stderr is not a
// TTY, so scripts and logs get only the final summary.
import type { IndexProgress } from '../engine/engine.js';

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

/**
 * One line: bar, done/total, failures, rate in `unit`s per second, ETA. `columns`: the line's room; the bar
 * shrinks (down to 5 cells, then goes) so that the figures after it are never cut.
 */
export function formatProgress(p: IndexProgress, width = 30, unit = 'photos', columns = Infinity): string {
  const failed = p.failed ? `, ${p.failed} failed` : '';
  const rate = p.ratePerSecond > 0 ? ` ${p.ratePerSecond.toFixed(1)} ${unit}/s` : '';
  const eta = p.etaSeconds !== null && p.done < p.total ? ` ETA ${clock(p.etaSeconds)}` : '';
  const figures = `${p.done}/${p.total}${failed}${rate}${eta}`;
  const cells = Math.min(width, columns - figures.length - 1);
  if (cells < 5) return figures;
  const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 1;
  const filled = Math.round(frac * cells);
  return `${'█'.repeat(filled)}${'░'.repeat(cells - filled)} ${figures}`;
}

export class ProgressBar {
  private last = 0;
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr, private readonly prefix = '', private readonly unit = 'photos') {}

  get enabled(): boolean {
    return Boolean(this.stream.isTTY);
  }

  update(p: IndexProgress): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && p.done < p.total) return; // at most ten redraws a second
    this.last = now;
    const cols = this.stream.columns ?? 80;
    const room = cols - 1 - this.prefix.length;
    this.stream.write(`\r${(this.prefix + formatProgress(p, 30, this.unit, room)).slice(0, cols - 1)}\x1b[K`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
