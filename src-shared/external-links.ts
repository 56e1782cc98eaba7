/**
 * The only web pages the app opens in the person's browser (after asking). Anything else a page tries to open is
 * refused. Kaggle dataset pages are allowed by shape (the Kaggle search links to them).
 */
export const EXTERNAL_LINKS = {
  /** Where a Kaggle API token is made (Settings → API → Create New Token). */
  kaggleApiToken: 'https://www.kaggle.com/settings',
  /** Running an exported model.onnx elsewhere. */
  onnxRuntime: 'https://onnxruntime.ai/docs/get-started/',
  /** Viewing an exported model.onnx as a graph. */
  netron: 'https://netron.app/',
} as const;

const KAGGLE_DATASET = /^https:\/\/www\.kaggle\.com\/datasets\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** The link for a Kaggle dataset `owner/name`. */
export function kaggleDatasetLink(ref: string): string {
  return `https://www.kaggle.com/datasets/${ref}`;
}

/** True for a link in the allowlist above (exact match, or a Kaggle dataset page). */
export function isDocumentedLink(url: string): boolean {
  return (Object.values(EXTERNAL_LINKS) as string[]).includes(url) || KAGGLE_DATASET.test(url);
}
