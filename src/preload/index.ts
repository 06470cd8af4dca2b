// Preload placeholder: the typed bridge arrives with the desktop issue. Exposes only the app's identity.
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('trafficApi', { ready: true });
