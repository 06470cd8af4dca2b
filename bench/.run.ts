import { storageRows } from './storage-figures.js';
for (const [n, v] of await storageRows()) console.log(n.padEnd(18), v);
