import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { l2normalise } from '../src-main/embed/vectors.js';
import { VectorIndex } from '../src-main/store/vector-index.js';
import { rng } from '../src-main/demo/scenes.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'vindex-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function randomVectors(n: number, dim: number, seed = 1): Float32Array[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => l2normalise(Float32Array.from({ length: dim }, () => r() - 0.5)));
}

describe('VectorIndex', () => {
  it('finds each vector as its own nearest neighbour, and never throws for k above its size', () => {
    const idx = VectorIndex.create('m', 16, 4);
    const vs = randomVectors(50, 16);
    vs.forEach((v, i) => idx.add(i + 100, v)); // grows past the initial capacity
    for (let i = 0; i < 50; i++) expect(idx.search(vs[i]!, 1)[0]!.id).toBe(i + 100);
    expect(idx.search(vs[0]!, 500)).toHaveLength(50);
    expect(VectorIndex.create('m', 16).search(vs[0]!, 5)).toEqual([]);
  });

  it('removes with markDelete and can bring a photo back', () => {
    const idx = VectorIndex.create('m', 8);
    const vs = randomVectors(10, 8);
    vs.forEach((v, i) => idx.add(i, v));
    idx.remove(3);
    expect(idx.search(vs[3]!, 10).map((h) => h.id)).not.toContain(3);
    expect(idx.size).toBe(9);
    idx.add(3, vs[3]!);
    expect(idx.search(vs[3]!, 1)[0]!.id).toBe(3);
    expect(idx.deletedCount).toBe(0);
  });

  it('saves atomically and loads back, an empty index included, and grows after loading', () => {
    const dir = tmp();
    const commit = VectorIndex.commitPath(dir, 'm');
    VectorIndex.create('m', 8).save(commit);
    const empty = VectorIndex.load(commit, 'm', 8);
    const vs = randomVectors(30, 8);
    vs.forEach((v, i) => empty.add(i, v)); // hnswlib loads with capacity 0: this once crashed
    empty.remove(7);
    empty.seq = 42;
    empty.save(commit);
    const back = VectorIndex.load(commit, 'm', 8);
    expect(back.size).toBe(29);
    expect(back.seq).toBe(42);
    expect(back.has(7)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.hnsw'))).toHaveLength(1); // the old graph is gone
  });

  it('refuses an index written for another model or size, or a damaged one', () => {
    const dir = tmp();
    const commit = VectorIndex.commitPath(dir, 'm');
    const idx = VectorIndex.create('m', 8);
    randomVectors(5, 8).forEach((v, i) => idx.add(i, v));
    idx.save(commit);
    expect(() => VectorIndex.load(commit, 'other', 8)).toThrow(/written for/);
    expect(() => VectorIndex.load(commit, 'm', 16)).toThrow(/written for/);
    const graph = readdirSync(dir).find((f) => f.endsWith('.hnsw'))!;
    writeFileSync(join(dir, graph), 'garbage');
    expect(() => VectorIndex.load(commit, 'm', 8)).toThrow();
  });
});
