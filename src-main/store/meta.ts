// The library's settings and counters in the `meta` table: which model the library searches with,
// the auto-tag vocabulary, and the change counter that stamps every photo change.
import { type Db } from './database.js';

/** The methods that only read. */
export type MetaReader = Pick<MetaStore, 'activeModel' | 'vocabularyText' | 'seq' | 'wholeFrame'>;

export class MetaStore {
  constructor(private readonly db: Db) {}

  /** The model whose index is complete and answers searches; null for a new library. */
  activeModel(): string | null {
    return this.get('active_model') ?? null;
  }

  setActiveModel(id: string): void {
    this.set('active_model', id);
  }

  /** The auto-tag vocabulary's text (tags/vocabulary.ts format); null: the default vocabulary. */
  vocabularyText(): string | null {
    return this.get('tag_vocabulary') ?? null;
  }

  setVocabularyText(text: string): void {
    this.set('tag_vocabulary', text);
  }

  /**
   * Whether photos are embedded with their whole-frame views (embed/photo-views.ts) beside the centre crop:
   * true unless turned off (the default, from the cost measured in bench/README.md, "Whole-frame views").
   */
  wholeFrame(): boolean {
    return this.get('whole_frame') !== 'off';
  }

  setWholeFrame(on: boolean): void {
    this.set('whole_frame', on ? 'on' : 'off');
  }

  /** The library's change counter: every photo change gets the next number. */
  seq(): number {
    return Number(this.get('seq') ?? 0);
  }

  private get(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  private set(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
