// Numbered schema migrations. Each runs once, in order, inside a transaction; `user_version` records
// the last one applied. Never edit a shipped migration: add the next number.
export const MIGRATIONS: readonly string[] = [
  // 1: folders, photos with their metadata and status, embeddings per model.
  `
  CREATE TABLE folders (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    added_at INTEGER NOT NULL
  );
  CREATE TABLE photos (
    id INTEGER PRIMARY KEY,
    folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ms INTEGER NOT NULL,
    hash TEXT,                       -- SHA-256 of the file; an embedding is keyed by it
    width INTEGER,
    height INTEGER,
    taken_at INTEGER,                -- EXIF DateTimeOriginal, ms since epoch (local time read as UTC)
    camera TEXT,
    gps_lat REAL,
    gps_lon REAL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'indexed', 'failed', 'missing')),
    error TEXT,                      -- why a file failed, in words
    missing_since INTEGER,           -- set while a file is gone; a move finds it again by hash
    seq INTEGER NOT NULL DEFAULT 0   -- library change counter at the photo's last change
  );
  CREATE INDEX photos_folder ON photos(folder_id);
  CREATE INDEX photos_hash ON photos(hash);
  CREATE INDEX photos_status ON photos(status);
  CREATE INDEX photos_seq ON photos(seq);
  CREATE INDEX photos_taken ON photos(taken_at);
  -- Keyed by content, not by photo: a moved, renamed or copied photo reuses its embedding.
  CREATE TABLE embeddings (
    hash TEXT NOT NULL,
    model TEXT NOT NULL,
    vector BLOB NOT NULL,            -- float32, L2-normalised
    PRIMARY KEY (hash, model)
  ) WITHOUT ROWID;
  CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  INSERT INTO meta (key, value) VALUES ('seq', '0');
  `,
  // 2: every search scans the photos changed since the saved graph (status 'indexed' and a seq
  // above the graph's). With only photos_status, that was a scan of the whole library.
  `
  CREATE INDEX photos_status_seq ON photos(status, seq);
  `,
  // 3: tags (zero-shot from a vocabulary, or taught by example), their scores per photo, the
  // person's verdicts (a removed tag stays removed; yes/no examples of a taught tag), smart albums.
  `
  CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind TEXT NOT NULL CHECK (kind IN ('auto', 'taught')),
    model TEXT,                      -- taught: the model whose embeddings the classifier reads
    classifier BLOB,                 -- taught: float32 weights, then the bias
    created_at INTEGER NOT NULL
  );
  CREATE TABLE photo_tags (
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    score REAL NOT NULL,             -- auto: cosine similarity; taught: probability
    PRIMARY KEY (photo_id, tag_id)
  ) WITHOUT ROWID;
  CREATE INDEX photo_tags_tag ON photo_tags(tag_id, score);
  CREATE TABLE tag_verdicts (
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    verdict INTEGER NOT NULL CHECK (verdict IN (0, 1)),  -- 0: not this tag (removed), 1: this tag
    PRIMARY KEY (photo_id, tag_id)
  ) WITHOUT ROWID;
  -- Which model and vocabulary a photo's auto-tags were computed with; others are recomputed.
  ALTER TABLE photos ADD COLUMN tagged_with TEXT;
  -- The picture's average colour on an 8x8 grid (hex): confirms duplicates (library/signature.ts).
  ALTER TABLE photos ADD COLUMN signature TEXT;
  CREATE TABLE albums (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    query TEXT NOT NULL DEFAULT '',
    examples TEXT NOT NULL DEFAULT '[]',   -- JSON photo ids
    filters TEXT NOT NULL DEFAULT '{}',    -- JSON SearchFilters
    threshold REAL,                        -- minimum score; null: the model's relevance floor
    created_at INTEGER NOT NULL
  );
  `,
  // 4: "does this photo have an embedding for model M?" without touching the vectors. The primary
  // key (hash, model) holds each 2 KB vector in its leaf, so an existence probe read a page per
  // photo: 300 ms at 10,000 photos for the searchable count, paid on every progress report.
  // Queries name this index (INDEXED BY): without ANALYZE statistics the planner prefers the key.
  `
  CREATE INDEX embeddings_model_hash ON embeddings(model, hash);
  `,
  // 5: each auto-tag label's text embedding (the mean over its names and the prompt templates),
  // computed once per model and kept: 11,205 prompts through the text tower is minutes with a large
  // model. `key` hashes the label's names and the templates, so a changed label is computed again
  // and an unchanged one is reused by a new vocabulary.
  `
  CREATE TABLE label_embeddings (
    model TEXT NOT NULL,
    key TEXT NOT NULL,
    vector BLOB NOT NULL,            -- float32, L2-normalised
    PRIMARY KEY (model, key)
  ) WITHOUT ROWID;
  `,
  // 6: where a photo's date came from (library/taken-at.ts): EXIF, GPS, the file name or the file's
  // time. Before, a zero EXIF date ("0000:00:00") was stored rolled over to 1899-11-30: dropped here.
  // A photo without a date takes its file's time (UTC here; re-read as wall-clock when it changes),
  // so that no photo drops out of a date filter.
  `
  ALTER TABLE photos ADD COLUMN taken_at_source TEXT;
  UPDATE photos SET taken_at = NULL WHERE taken_at < -2208988800000;
  UPDATE photos SET taken_at_source = 'exif-original' WHERE taken_at IS NOT NULL;
  UPDATE photos SET taken_at = mtime_ms, taken_at_source = 'file-time' WHERE taken_at IS NULL AND status = 'indexed';
  `,
  // 7: a folder is online, offline (its drive or share away: its photos are kept, searchable and
  // marked unavailable) or removed by the user (its photos recently removed, kept 30 days). A photo's
  // `unavailable` says why its file cannot be reached now (its folder offline, a sub-folder unreadable).
  // Files under a folder that are not indexed are accounted for, by reason, in `skipped_files`.
  `
  ALTER TABLE folders ADD COLUMN state TEXT NOT NULL DEFAULT 'online' CHECK (state IN ('online', 'offline', 'removed'));
  ALTER TABLE folders ADD COLUMN state_reason TEXT;
  ALTER TABLE folders ADD COLUMN state_since INTEGER;
  ALTER TABLE photos ADD COLUMN unavailable TEXT;
  CREATE TABLE skipped_files (
    folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    reason TEXT NOT NULL,    -- unsupported, unreadable, permission, name (not UTF-8), too-large, paired (RAW beside its JPEG)
    detail TEXT,             -- e.g. the format: "video (.mov)"
    PRIMARY KEY (folder_id, path)
  ) WITHOUT ROWID;
  `,
  // 8: an album remembers its example photos' content hashes, so that their embeddings (kept by
  // hash) still shape it after the photos leave the library.
  `
  ALTER TABLE albums ADD COLUMN example_hashes TEXT NOT NULL DEFAULT '[]';
  `,
  // 9: a taught tag's examples by content hash, beside the per-photo verdicts: a photo that leaves
  // the library (recently removed, then purged) takes its verdict with it, but its embedding stays
  // reachable by hash, so the tag keeps every example it was taught with.
  `
  CREATE TABLE tag_examples (
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    hash TEXT NOT NULL,              -- SHA-256 of the example photo's file
    verdict INTEGER NOT NULL CHECK (verdict IN (0, 1)),
    PRIMARY KEY (tag_id, hash)
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO tag_examples (tag_id, hash, verdict)
    SELECT v.tag_id, p.hash, v.verdict FROM tag_verdicts v JOIN photos p ON p.id = v.photo_id JOIN tags t ON t.id = v.tag_id
    WHERE t.kind = 'taught' AND p.hash IS NOT NULL;
  `,
  // 10: the views of a photo beside its main vector (embed/photo-views.ts): squares across a wide or
  // tall photo, frames of an animation. `view_sets` says which contents have had their views
  // computed for a model (no row: not yet; a photo indexed before, or with the setting off) and
  // describes the main view; `embedding_views` holds the other views, one vector each. Kept by
  // content hash, as embeddings are.
  `
  CREATE TABLE view_sets (
    hash TEXT NOT NULL,
    model TEXT NOT NULL,
    views INTEGER NOT NULL,          -- how many views, the main one included
    main TEXT NOT NULL,              -- JSON PhotoView of view 0 (its vector is embeddings.vector)
    PRIMARY KEY (hash, model)
  ) WITHOUT ROWID;
  CREATE TABLE embedding_views (
    hash TEXT NOT NULL,
    model TEXT NOT NULL,
    view INTEGER NOT NULL,           -- 1, 2, ...: below store/view-labels.ts VIEW_SLOTS
    info TEXT NOT NULL,              -- JSON PhotoView: kind, region, frame, atMs
    vector BLOB NOT NULL,            -- float32, L2-normalised
    PRIMARY KEY (hash, model, view)
  ) WITHOUT ROWID;
  `,
  // 11: duplicates (tags/duplicates.ts): the whole frame's perceptual hash beside its colour grid
  // (the `signature` column, now over the whole frame, so older centre-crop signatures are dropped and
  // computed again), the pairs found as photos arrive, and the pairs a person said are not duplicates.
  `
  ALTER TABLE photos ADD COLUMN perceptual_hash TEXT; -- blockhash of the whole frame, 256 bits in hex
  UPDATE photos SET signature = NULL;                 -- 8x8 of the centre crop before; now 16x16 of the whole frame
  CREATE INDEX photos_unfingerprinted ON photos(id) WHERE status = 'indexed' AND perceptual_hash IS NULL;
  -- A photo's pairs are found once per model and content (and again when its views arrive).
  CREATE TABLE duplicate_checks (
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    state TEXT NOT NULL,             -- "<content hash>:<views>" when checked: a change asks for a new check
    PRIMARY KEY (photo_id, model)
  ) WITHOUT ROWID;
  CREATE TABLE duplicate_pairs (
    model TEXT NOT NULL,
    a INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE, -- a < b
    b INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('copy', 'similar')),
    evidence TEXT NOT NULL,          -- JSON: tags/duplicates.ts PairEvidence
    PRIMARY KEY (model, a, b)
  ) WITHOUT ROWID;
  CREATE INDEX duplicate_pairs_b ON duplicate_pairs(model, b);
  -- "Not duplicates", by content, so the verdict outlives moves, renames and re-indexing.
  CREATE TABLE duplicate_dismissals (
    hash_a TEXT NOT NULL,            -- hash_a <= hash_b (equal: identical files kept on purpose)
    hash_b TEXT NOT NULL,
    dismissed_at INTEGER NOT NULL,   -- ms since epoch
    PRIMARY KEY (hash_a, hash_b)
  ) WITHOUT ROWID;
  `,
  // 12: albums: photos a person added or removed by hand, and a chosen cover, both by content hash
  // (as example_hashes): a pick outlives re-evaluation and the photo leaving the library and coming
  // back under another id. Rows hang off the album's id, so a rename (an UPDATE of `name`) keeps them.
  `
  CREATE TABLE album_picks (
    album_id INTEGER NOT NULL REFERENCES albums(id) ON DELETE CASCADE,
    hash TEXT NOT NULL,              -- SHA-256 of the photo's file
    path TEXT NOT NULL,              -- the file picked: of identical files, only it (while it is there)
    pick INTEGER NOT NULL CHECK (pick IN (0, 1)),  -- 1: added (in, whatever it scores), 0: removed (out, however well it matches)
    PRIMARY KEY (album_id, hash, path)
  ) WITHOUT ROWID;
  ALTER TABLE albums ADD COLUMN cover_hash TEXT;   -- the chosen cover's content; null: the best match
  `,
  // 13: tags: reserved for the tag calibration work. Auto-tags are calibrated per label
  // (tags/tag-calibration.ts): how consistently the model reads each label across its prompt templates
  // (`agreement`; labels embedded before have none and are embedded again), and each label's background
  // distribution over a fixed sample of the library, kept per model, vocabulary and templates so that a
  // photo's tags do not move as the library grows. Each tag on a photo keeps a confidence in words.
  // Taught tags' classifiers change form (tags/taught-classifier.ts): they are trained again.
  `
  ALTER TABLE label_embeddings ADD COLUMN agreement REAL; -- mean cosine of the label's content across templates; null: not measured
  CREATE TABLE tag_calibrations (
    stamp TEXT PRIMARY KEY,          -- model | vocabulary hash | templates, as Tagger's tag stamp
    sample INTEGER NOT NULL,         -- photos the statistics were measured on
    stats BLOB NOT NULL              -- float32 [labels, 2]: background location and scale, cosine similarity
  ) WITHOUT ROWID;
  ALTER TABLE photo_tags ADD COLUMN confidence TEXT; -- 'likely' | 'possible'; null: tagged before (read as possible)
  UPDATE tags SET model = NULL, classifier = NULL WHERE kind = 'taught';
  `,
  // 14: tags per model. A library used with two models (the bilingual one for a Korean query, then back) kept one
  // set of photo tags, made by whichever model had tagged last: going back showed the other model's tags under this
  // one's name, and tagged every photo again. Each model now keeps its own photo tags, its own record of what it
  // tagged each photo with, and its own taught classifiers; the vocabulary, a taught tag's examples and the person's
  // verdicts stay the library's, for every model. Rows from before belong to the model that made them (the model in
  // the photo's tag stamp; for a taught tag, its classifier's). photos.tagged_with, tags.model and tags.classifier
  // are no longer read.
  `
  CREATE TABLE model_photo_tags (
    model TEXT NOT NULL,             -- the model key (registry id or folder, @precision) whose embeddings scored it
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    score REAL NOT NULL,             -- auto: cosine similarity; taught: probability
    confidence TEXT,                 -- 'likely' | 'possible'; null: read as possible
    PRIMARY KEY (model, photo_id, tag_id)
  ) WITHOUT ROWID;
  INSERT OR IGNORE INTO model_photo_tags (model, photo_id, tag_id, score, confidence)
  SELECT model, photo_id, tag_id, score, confidence FROM (
    SELECT COALESCE(CASE WHEN t.kind = 'taught' THEN t.model END, NULLIF(substr(p.tagged_with, 1, instr(p.tagged_with, '|') - 1), ''),
             (SELECT value FROM meta WHERE key = 'active_model')) AS model,
           pt.photo_id, pt.tag_id, pt.score, pt.confidence
    FROM photo_tags pt JOIN tags t ON t.id = pt.tag_id JOIN photos p ON p.id = pt.photo_id
  ) WHERE model IS NOT NULL;
  DROP TABLE photo_tags;
  ALTER TABLE model_photo_tags RENAME TO photo_tags;
  CREATE INDEX photo_tags_tag ON photo_tags(model, tag_id, score);
  CREATE TABLE photo_tag_stamps (
    photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    stamp TEXT NOT NULL,             -- Tagger's tag stamp: model | vocabulary | templates | rules | sample
    PRIMARY KEY (photo_id, model)
  ) WITHOUT ROWID;
  INSERT INTO photo_tag_stamps (photo_id, model, stamp)
  SELECT id, substr(tagged_with, 1, instr(tagged_with, '|') - 1), tagged_with FROM photos WHERE instr(tagged_with, '|') > 1;
  CREATE TABLE tag_classifiers (
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    classifier BLOB NOT NULL,        -- float32 weights, then the bias (tags/taught-classifier.ts)
    PRIMARY KEY (tag_id, model)
  ) WITHOUT ROWID;
  INSERT INTO tag_classifiers (tag_id, model, classifier)
  SELECT id, model, classifier FROM tags WHERE kind = 'taught' AND model IS NOT NULL AND classifier IS NOT NULL;
  `,
  // 15: a tag put on photos by hand ("Tag…" on a selection) is on exactly those photos: `learns` 0. A taught tag
  // (learns 1, the default) generalises from its examples with a linear probe; a hand tag did too, and a person who
  // tagged 3 photos found the tag on 20.
  `
  ALTER TABLE tags ADD COLUMN learns INTEGER NOT NULL DEFAULT 1;
  `,
];
