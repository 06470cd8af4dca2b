// What to notify, decided after every poll from the snapshot and the user's thresholds, and
// remembered on disk so a restart does not repeat a notification already shown.
import { evaluateAlerts, initialAlertState, type Alert, type AlertState } from '../alerts/rules.js';
import { listHours } from '../alerts/list-hours.js';
import { createAlertStore } from '../alerts/store.js';
import type { History } from '../history/model.js';
import type { Snapshot } from '../../shared/types.js';
import type { Clock, Logger } from '../ports.js';
import type { Settings } from '../settings/schema.js';
import { errorMessage } from '../../shared/error-message.js';

export interface Alerting {
  /** Reads the remembered state; a problem with its file comes back as a notice. */
  load(): Promise<string | null>;
  /** The alerts to show now (none when notifications are off; the state still moves on). The history gives the spike rule each list's hours. */
  decide(snapshot: Snapshot, settings: Settings, history: History): Promise<Alert[]>;
}

export function createAlerting(options: { file: string; clock: Clock; logger: Logger }): Alerting {
  const { clock, logger: log } = options;
  const store = createAlertStore({ file: options.file, clock });
  let state: AlertState = initialAlertState;
  return {
    async load() {
      const loaded = await store.load();
      state = loaded.state;
      return loaded.problem;
    },
    async decide(snapshot, settings, history) {
      const now = clock();
      // Only asked for when the spike rule is on: it reads a week of every list's hours.
      const hours = settings.alerts.spikeFactor === null ? undefined : listHours(history, now, snapshot.localTimeZone);
      const result = evaluateAlerts({ snapshot, settings: settings.alerts, units: settings.units, now, ...(hours ? { hours } : {}) }, state);
      const changed = JSON.stringify(result.state) !== JSON.stringify(state);
      state = result.state;
      if (changed) await store.save(state).catch((e: unknown) => log.error(`could not save alert state: ${errorMessage(e)}`));
      return settings.notificationsEnabled ? result.alerts : [];
    },
  };
}
