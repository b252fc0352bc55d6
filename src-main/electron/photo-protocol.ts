// `photo://thumbnail/<id>` and `photo://full/<id>`: the only way the UI loads a photo. The URL
// names a library photo by id; anything else is refused before the engine is asked.
import { HTTP_STATUS } from '../api/errors.js';
import type { EngineClient } from './engine-client.js';

export async function photoResponse(engine: Pick<EngineClient, 'jpeg'>, url: string): Promise<Response> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return new Response('bad photo address', { status: 400 });
  }
  const id = parsed.pathname.match(/^\/(\d{1,15})$/)?.[1];
  const size = parsed.host === 'thumbnail' || parsed.host === 'full' ? parsed.host : undefined;
  if (!id || !size || parsed.search || parsed.hash) return new Response('bad photo address', { status: 400 });
  const bytes = await engine.jpeg(Number(id), size);
  if (!(bytes instanceof Uint8Array)) return new Response(bytes.message, { status: HTTP_STATUS[bytes.code] });
  return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'image/jpeg', 'cache-control': 'max-age=3600' } });
}
