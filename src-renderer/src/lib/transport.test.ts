import { describe, expect, it } from 'vitest';
import { httpClient } from './transport';

describe('the web transport', () => {
  it('stays offline when a call sent before the server was found gone is answered after', async () => {
    // One call's answer is on its way while another finds the server gone (the server stopped between them).
    let answer!: (r: Response) => void;
    const slow = new Promise<Response>((resolve) => (answer = resolve));
    const replies: (() => Promise<Response>)[] = [() => slow, () => Promise.reject(new TypeError('fetch failed'))];
    const client = httpClient('http://127.0.0.1:1', 'token', (() => replies.shift()!()) as unknown as typeof fetch);
    const seen: boolean[] = [];
    client.onConnection((online) => seen.push(online));
    const first = client.call('status', {});
    expect((await client.call('status', {})).ok).toBe(false);
    answer(new Response(JSON.stringify({ ok: true, value: {} })));
    await first;
    expect(seen).toEqual([false]); // not [false, true]: the late answer is older than the loss
    // A call sent after the loss that is answered does bring it back.
    replies.push(() => Promise.resolve(new Response(JSON.stringify({ ok: true, value: {} }))));
    await client.call('status', {});
    expect(seen).toEqual([false, true]);
  });
});
