import { dialog, shell, type BrowserWindow } from 'electron';
import { isDocumentedLink } from '@shared/external-links';

/**
 * Opens a documented web page (see src-shared/external-links) in the person's browser after asking them.
 * Any other URL is refused without a word: a page has no business opening it. Resolves true when opened.
 */
export async function openDocumentedLink(url: string, parent: BrowserWindow | null): Promise<boolean> {
  if (!isDocumentedLink(url)) return false;
  const options = {
    type: 'question' as const,
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 0,
    cancelId: 1,
    message: 'Open this page in your web browser?',
    detail: url,
  };
  const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
  if (response !== 0) return false;
  await shell.openExternal(url);
  return true;
}
