// The preload's bridge, typed from the contract. The renderer reaches main only through this.
import { TRAFFIC_API_KEY, type TrafficApi } from '../shared/ipc.js';

export function trafficApi(): TrafficApi {
  const api = (window as unknown as Record<string, unknown>)[TRAFFIC_API_KEY];
  if (typeof api !== 'object' || api === null) {
    throw new Error('The window was opened without its preload: window.trafficApi is missing.');
  }
  return api as TrafficApi;
}
