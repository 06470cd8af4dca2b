// A set of listeners for one kind of event. A listener that throws is logged and skipped: one
// broken subscriber (a closed window, say) must not keep the others from hearing the news.
import type { Logger } from './ports.js';
import { errorMessage } from '../shared/error-message.js';

export interface Listeners<T> {
  /** Adds a listener; the function returned removes it. */
  add(listener: (value: T) => void): () => void;
  emit(value: T): void;
}

export function createListeners<T>(what: string, log?: Logger): Listeners<T> {
  const set = new Set<(value: T) => void>();
  return {
    add(listener) {
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(value) {
      for (const l of [...set]) {
        try {
          l(value);
        } catch (e) {
          log?.error(`${what} listener failed: ${errorMessage(e)}`);
        }
      }
    },
  };
}
