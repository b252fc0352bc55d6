// Renders benchmark results as Markdown and replaces the generated section of bench/README.md.
const STAGE_ORDER = ['read', 'hash', 'decode', 'preprocess', 'inference', 'store', 'indexInsert', 'progress', 'duplicates', 'tagging'];
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/* eslint-disable @typescript-eslint/no-explicit-any */
function f(x: number | null | undefined, digits = 1): string {
  // A figure a run did not measure arrives as NaN, or as null once it went through JSON (a child process).
  return typeof x !== 'number' || Number.isNaN(x) ? 'n/a' : x.toFixed(digits);
}

export function renderReport(existing: string, r: Record<string, any>): string {
  const m = r.machine;
  const ix = r.indexing;
  const tj = r.transformersJs;
  const rows: string[] = [
    `Measured ${r.date.slice(0, 10)} on ${m.cpus} cores (${m.cpuModel}), ${m.memoryGB} GB, Node ${m.node}, ${m.platform}, CPU execution provider.`,
    `Command: \`${r.command}\`. Model: ${r.model}. Raw figures: \`bench/out/results.json\`.`,
    '',
    '| # | measure | result | target |',
    '| --- | --- | --- | --- |',
    `| 1 | inference only, I (batch ${ix.batch}) | ${f(ix.I)} img/s | |`,
    `| 1 | decode + preprocess, D (sharp, ${ix.decodeConcurrency} in parallel, 12 MP JPEG) | ${f(ix.D)} img/s | |`,
    `| 1 | bound 1/(1/I + 1/D) | ${f(ix.bound)} img/s | |`,
    `| 1 | end-to-end indexing (decode + preprocess + infer + store), ${ix.photos} photos | ${f(ix.endToEnd)} img/s = **${f(ix.ofBound * 100, 0)}% of the bound** | >= 90% |`,
    `| 1 | where the time goes (busy ms per stage; stages overlap) | ${STAGE_ORDER.map((s) => `${s} ${f(ix.stages?.[s], 0)}`).join(', ')}; wall ${f(ix.stages?.wall, 0)} | |`,
    `| 1 | auto-tags ready after the photos are searchable | ${f(ix.tagsSeconds)} s (labels embedded once per model, then kept) | |`,
    `| 1 | first index of ${r.firstIndex?.photos} photos, new process: start + model load / to searchable / tags ready | ${f(r.firstIndex?.loadSeconds)} / **${f(r.firstIndex?.searchableSeconds)}** / ${f(r.firstIndex?.tagsSeconds)} s; fixed cost beyond load **${f(r.firstIndex?.fixedSeconds)} s** | <= 5 s |`,
    `| 2 | transformers.js, batched (batch ${tj.batch}) / one at a time | ${f(tj.batchedRate)} / ${f(tj.singleRate)} img/s; ours is **${f(tj.ratio, 2)}x** batched (fp32), **${f(tj.ratioInt8, 2)}x** with int8 | >= 2x |`,
    `| 2 | precisions: inference only I (img/s) / short text (ms) | ${['fp32', 'int8', 'fp16'].filter((p) => r.precisions?.[p]).map((p) => `${p} ${f(r.precisions[p].I)} / ${f(r.precisions[p].textMs)}`).join('; ')}; end-to-end int8 ${f(r.precisions?.endToEndInt8)} img/s | |`,
  ];
  const wf = r.wholeFrame;
  if (wf) {
    rows.push(
      `| 1 | whole-frame views, ${wf.photos} photos of a realistic mix of shapes (${Object.entries<number>(wf.mix).map(([k, v]) => `${k} ${v / 10}%`).join(', ')}) | ${f(wf.viewsPerPhoto, 2)} views a photo = **${wf.extraInferencesPer1000} extra inferences per 1,000 photos**; searchable at ${f(wf.onSearchableRate)} img/s (off: ${f(wf.offRate)}); every view in at ${f(wf.onWholeRate)} img/s | |`,
    );
  }
  for (const [n, s] of Object.entries<any>(r.search ?? {})) {
    const size = Number(n).toLocaleString('en');
    rows.push(
      `| 3 | query (text encode + kNN + metadata) at ${size}: p50 / p95 / p99 | ${f(s.query.p50)} / **${f(s.query.p95)}** / ${f(s.query.p99)} ms | p95 <= 30 ms |`,
      `| 3 | text encoder, ${s.query.textEncode.tokens} tokens as run / padded to 77 | ${f(s.query.textEncode.ms)} / ${f(s.query.textEncode.msAt77)} ms | |`,
      `| 4 | kNN alone at ${size}: p50 / p99, recall@10 vs exact | ${f(s.knn.p50, 2)} / **${f(s.knn.p99, 2)}** ms, recall **${f(s.knn.recallAt10, 3)}** | p99 <= 2 ms, recall >= 0.98 |`,
      `| 5 | index build from SQLite at ${size} (efConstruction 200, one thread, in a worker: search goes on) | ${f(s.build.seconds)} s, ${f(s.build.vectorsPerSecond, 0)} vectors/s; on disk ${f(s.build.indexMB, 0)} MB (graph + compact vectors) | |`,
      `| 6 | cold start to the first answered query at ${size} (new process: Node, model, compact vectors) | **${f(s.coldStart.seconds, 2)} s**${s.coldStart.ok ? '' : ' (FAILED)'} | <= 2 s |`,
      `| 7 | peak RSS of the bench process after the ${size} library (its vectors, SQLite, graph and matrix held at once) | ${s.benchRssMB} MB | |`,
    );
  }
  rows.push(`| 7 | peak RSS while indexing | **${ix.peakRssMB} MB** | <= 1.0 GB |`);
  const table = `${START}\n${rows.join('\n')}\n${END}`;
  if (existing.includes(START) && existing.includes(END)) {
    return existing.slice(0, existing.indexOf(START)) + table + existing.slice(existing.indexOf(END) + END.length);
  }
  return existing ? `${existing.trimEnd()}\n\n${table}\n` : table;
}
