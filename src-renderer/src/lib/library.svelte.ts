// What the Library view shows and does: the status (folders, counts, failures, model, device),
// live indexing and download progress from the engine's events, and folder and model changes.
import type { ApiClient, ApiEvent, DownloadState, IndexProgress, ModelInfo, ModelPrecision, StatusInfo } from '../../../src-shared/api';
import type { Errors } from './errors.svelte';

export class LibraryState {
  status = $state<StatusInfo | null>(null);
  progress = $state<IndexProgress | null>(null);
  download = $state<DownloadState | null>(null);
  models = $state<ModelInfo[]>([]);
  cameras = $state<string[]>([]);
  /** Bumped whenever the library changes, so views showing photos know to refresh. */
  revision = $state(0);
  /** The server refused this page's token (web mode, an old address): nothing works until the new one is opened. */
  denied = $state(false);
  private refreshing: Promise<void> | undefined;
  private again = false;

  constructor(private readonly client: ApiClient, private readonly errors: Errors) {}

  /** Follows the engine's events; returns the function that stops following. */
  connect(): () => void {
    return this.client.onEvent((event) => this.handle(event));
  }

  handle(event: ApiEvent): void {
    if (event.type === 'progress') {
      this.progress = event.progress.phase === 'idle' ? null : event.progress;
      if (event.progress.phase === 'idle') void this.refresh();
    } else if (event.type === 'download') {
      this.download = event.download;
      if (event.download.state !== 'running') void this.refresh();
    } else if (event.type === 'changed') {
      void this.refresh();
    } else {
      this.errors.report({ code: 'failed', message: event.message }); // the engine's words: mapped to a sentence
    }
  }

  /** Photos are being indexed (results may change); false while only tags are prepared. */
  get indexing(): boolean {
    return this.progress !== null && this.progress.phase !== 'tagging';
  }

  /** The label of the phase in progress: indexing, seeing whole photos, or preparing tags. */
  get phaseLabel(): 'library.indexing' | 'library.views' | 'library.tagging' {
    const phase = this.progress?.phase;
    return phase === 'tagging' ? 'library.tagging' : phase === 'views' ? 'library.views' : 'library.indexing';
  }

  /** Reloads the status; calls that arrive while one runs are folded into one more. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        const [status, cameras] = await Promise.all([this.client.call('status', {}), this.client.call('cameras', {})]);
        if (status.ok) {
          this.status = status.value;
          this.progress = status.value.indexing;
          this.download = status.value.download;
        } else if (status.error.code === 'unauthorized') this.denied = true;
        else this.errors.report(status.error);
        if (cameras.ok) this.cameras = cameras.value;
        this.revision++;
      } while (this.again);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  async loadModels(): Promise<void> {
    const r = await this.client.call('models.list', {});
    if (r.ok) this.models = r.value;
    else this.errors.report(r.error);
  }

  async addFolder(path: string): Promise<boolean> {
    const r = await this.client.call('folders.add', { path });
    if (!r.ok) this.errors.report(r.error);
    await this.refresh();
    return r.ok;
  }

  async chooseFolders(): Promise<void> {
    const r = await this.client.call('folders.choose', {});
    if (!r.ok) this.errors.report(r.error);
    await this.refresh();
  }

  async emptyRemoved(): Promise<void> {
    const r = await this.client.call('library.emptyRemoved', {});
    if (!r.ok) this.errors.report(r.error);
    await this.refresh();
  }

  /** Turns whole-frame views on or off (search seeing wide and tall photos whole, and animations' frames). */
  async setWholeFrame(on: boolean): Promise<void> {
    const r = await this.client.call('library.settings', { wholeFrame: on });
    if (!r.ok) this.errors.report(r.error);
    await this.refresh();
  }

  /** The folder removed last, until it is added back or another is removed: what "Undo" restores. */
  removed = $state<{ path: string; photos: number } | null>(null);

  async removeFolder(path: string): Promise<void> {
    const photos = this.status?.folders.find((f) => f.path === path)?.photos ?? 0;
    const r = await this.client.call('folders.remove', { path });
    if (!r.ok) this.errors.report(r.error);
    else this.removed = { path, photos };
    await this.refresh();
  }

  /** Adds the folder removed last back: its photos return from "recently removed" with their ids, tags and albums. */
  async undoRemove(): Promise<boolean> {
    const removed = this.removed;
    if (!removed) return false;
    this.removed = null;
    return this.addFolder(removed.path);
  }

  async downloadModel(id: string, precision?: ModelPrecision['precision']): Promise<void> {
    const r = await this.client.call('models.download', { id, precision });
    if (!r.ok) this.errors.report(r.error);
  }

  async useModel(id: string, precision?: ModelPrecision['precision']): Promise<void> {
    const r = await this.client.call('models.use', { id, precision });
    if (!r.ok) this.errors.report(r.error);
    await Promise.all([this.refresh(), this.loadModels()]);
  }
}
