// The sandboxed preload: bundled as one CommonJS file that only requires 'electron'.
import { contextBridge, ipcRenderer } from 'electron';
import { TRAFFIC_API_KEY } from '../shared/ipc.js';
import { createBridge } from './bridge.js';

contextBridge.exposeInMainWorld(TRAFFIC_API_KEY, createBridge(ipcRenderer));
