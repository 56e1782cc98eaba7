/**
 * The shapes of the ids that cross a boundary (IPC, CLI, folder names), defined once. An id that passes
 * these checks is safe as one path segment on every platform: no separators, no '..', no reserved names.
 */

/** Projects: `p-<time>-<random>` as created; lower-case letters, digits and dashes, 3-64 characters. */
export const PROJECT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{2,63}$/;

/** Registry models: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, 1-64 characters. */
export const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** Names Windows keeps for devices (with or without an extension), never valid as a folder name. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/;

/** A file handle the main process grants the renderer (16 random bytes in hex). */
export const FILE_HANDLE_PATTERN = /^[0-9a-f]{32}$/;

/** An upload in progress (12 random bytes in hex). */
export const UPLOAD_ID_PATTERN = /^[0-9a-f]{24}$/;

/** A download in progress (12 random bytes in hex). */
export const DOWNLOAD_ID_PATTERN = /^[0-9a-f]{24}$/;

/** A prediction in progress, named by the page so it can cancel it (12 random bytes in hex). */
export const PREDICT_RUN_ID_PATTERN = /^[0-9a-f]{24}$/;

export function isProjectId(id: unknown): id is string {
  return typeof id === 'string' && PROJECT_ID_PATTERN.test(id);
}

export function isModelId(id: unknown): id is string {
  return typeof id === 'string' && MODEL_ID_PATTERN.test(id) && !WINDOWS_RESERVED.test(id) && !id.endsWith('.');
}

/** What a person is told when an id has the wrong shape. */
export const PROJECT_ID_RULE = 'Project ids are 3-64 lower-case letters, digits and dashes.';
export const MODEL_ID_RULE = "Use 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.";
