import type { RunState } from '../../../shared/model';
import { exportHtml } from './html';
import { exportJson } from './json';
import { exportMarkdown } from './markdown';

export const TEXT_EXPORT_FORMATS = ['md', 'html', 'json'] as const;
export type TextExportFormat = (typeof TEXT_EXPORT_FORMATS)[number];

export function exportRun(
  state: RunState,
  format: TextExportFormat,
  exportedAt = new Date(),
): string {
  switch (format) {
    case 'md':
      return exportMarkdown(state, exportedAt);
    case 'html':
      return exportHtml(state, exportedAt);
    case 'json':
      return exportJson(state, exportedAt);
  }
}

export { exportHtml, exportJson, exportMarkdown };
