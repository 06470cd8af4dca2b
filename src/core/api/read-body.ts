// Reads an answer's body with a size cap. JSON.parse of one large answer holds the main process
// for its whole length (about 100 ms for 12 MB on a laptop), so nothing larger is read at all.
import { AnswerTooLargeError } from './errors.js';

/** 8 MB: JSON.parse takes about 50 ms; a 31-day answer for 300 lists is about 7 MB. */
export const MAX_ANSWER_BYTES = 8_000_000;

/** The body as text; more than `maxBytes` (declared, or as it streams in) throws AnswerTooLargeError. */
export async function readBodyCapped(res: Response, maxBytes: number, path: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.body?.cancel().catch(() => {});
    throw new AnswerTooLargeError(path, declared, maxBytes);
  }
  if (res.body === null) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      throw new AnswerTooLargeError(path, size, maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
