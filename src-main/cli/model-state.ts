// What the CLI says about the model a command runs with, in a library used with more than one model (the bilingual
// one for a Korean query, then back): which model this command uses, whether its index and its tags are complete,
// and which model the library uses without --model. Every line is read from this model's own state (its embeddings,
// its tags), never inferred from the other model's, so that `status` and `search` cannot contradict each other.
import type { EngineStatus } from '../engine/engine.js';
import { splitModelKey } from '../engine/models.js';

type Model = EngineStatus['model'];

/** A stored model key as a person names it: "tiny-clip (int8)", not "tiny-clip@int8"; "tiny-clip-ko" at fp32. */
export function modelKeyName(key: string): string {
  const { name, precision } = splitModelKey(key);
  return precision && precision !== 'fp32' ? `${name} (${precision})` : name;
}

/** The options that run a command with this model at its precision: "--model tiny-clip --precision int8". */
export function modelOptions(key: string): string {
  const { name, precision } = splitModelKey(key);
  return `--model ${/\s/.test(name) ? JSON.stringify(name) : name}${precision && precision !== 'fp32' ? ` --precision ${precision}` : ''}`;
}

/** True while this command runs with another model than the one the library uses without --model. */
export function isOtherModel(model: Model): model is Model & { active: string } {
  return model.active !== null && model.active !== model.id;
}

/** `status`'s model line: the model, and, when it is not the library's, what the library uses and how to switch. */
export function modelLine(s: EngineStatus): string {
  if (!isOtherModel(s.model)) return `Model:   ${s.model.title}`;
  const state = s.counts.waiting > 0 ? `${s.counts.waiting} photos still to index with it` : 'its index is complete';
  return `Model:   ${s.model.title} (${state}; without --model this library uses ${modelKeyName(s.model.active)}; \`photo-search ${modelOptions(s.model.id)} index\` makes it the library's model)`;
}

/** `status`'s auto-tags line: this model's own tags (each model has its own). */
export function tagsLine(s: EngineStatus): string {
  const { labels, labelsReady, photosWaiting, taughtWaiting } = s.tags;
  if (photosWaiting === 0 && taughtWaiting === 0) return 'Auto-tags: up to date';
  const parts: string[] = [];
  if (photosWaiting > 0) parts.push(`${photosWaiting} photos wait for their tags from ${modelKeyName(s.model.id)}${labelsReady < labels ? `, ${labelsReady} of ${labels} labels ready` : ''}`);
  if (taughtWaiting > 0) parts.push(`${taughtWaiting} taught ${taughtWaiting === 1 ? 'tag waits' : 'tags wait'} to be learnt by ${modelKeyName(s.model.id)}`);
  if (isOtherModel(s.model)) parts.push(`\`photo-search ${modelOptions(s.model.id)} index\` makes them`);
  return `Auto-tags: ${parts.join('; ')}`;
}

/**
 * Why a search with a tag found nothing, when this model has not made all its tags yet (its tags are its own: another
 * model's do not answer for it); undefined when its tags are complete.
 */
export function tagsPendingNote(s: EngineStatus): string | undefined {
  const { photosWaiting, taughtWaiting } = s.tags;
  if (photosWaiting === 0 && taughtWaiting === 0) return undefined;
  const name = modelKeyName(s.model.id);
  const what = photosWaiting > 0 ? `${photosWaiting} photos wait for their tags from ${name}` : `${taughtWaiting} taught ${taughtWaiting === 1 ? 'tag waits' : 'tags wait'} to be learnt by ${name}`;
  return `No tagged photos yet: ${what} (\`photo-search ${isOtherModel(s.model) ? `${modelOptions(s.model.id)} ` : ''}index\` makes them).`;
}

/** Why a search found nothing when no photo is indexed with this model, though the library has photos; undefined otherwise. */
export function notIndexedNote(s: EngineStatus): string | undefined {
  if (s.indexed > 0 || s.counts.indexed === 0 || !isOtherModel(s.model)) return undefined;
  return `No photos are indexed with ${modelKeyName(s.model.id)} yet; this library was indexed with ${modelKeyName(s.model.active)} (use ${modelOptions(s.model.active)}, or \`photo-search ${modelOptions(s.model.id)} index\`).`;
}
