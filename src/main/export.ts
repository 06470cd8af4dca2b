// "Export CSV": main asks where to save with the system dialog and writes the file there. The
// renderer sends only the range; the content is built in the handler table from the chart's series.
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { dialog } from 'electron';
import type { ExportResult } from '../shared/ipc.js';
import type { Logger } from '../core/ports.js';
import { errorMessage } from '../shared/error-message.js';

export function createCsvSaver(logger: Logger): (defaultName: string, content: string, rows: number) => Promise<ExportResult> {
  return async (defaultName, content, rows) => {
    // Without a parent window: the details window's BrowserWindow is not handed out by window/.
    const choice = await dialog.showSaveDialog({
      title: 'Export traffic as CSV',
      defaultPath: defaultName,
      filters: [{ name: 'CSV', extensions: ['csv'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (choice.canceled || !choice.filePath) return { outcome: 'cancelled' };
    try {
      await writeFile(choice.filePath, content, 'utf8');
    } catch (e) {
      logger.warn(`export CSV: ${errorMessage(e)}`);
      return { outcome: 'failed', message: `The file could not be written: ${errorMessage(e)}` };
    }
    logger.info(`exported ${rows} rows of traffic as CSV`);
    return { outcome: 'saved', fileName: basename(choice.filePath), rows };
  };
}
