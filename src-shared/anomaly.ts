/** What the anomaly job reports per listed row (AnomalyDetails.top): read by the review table and the report. */
export interface AnomalyTopRow {
  /** 0-based data row, as in anomaly-scores.csv. */
  row: number;
  /** Isolation-forest score (near 1 = isolated quickly). */
  score: number;
  /** Largest |z| over the numeric columns. */
  zscore: number;
  /** Largest distance beyond a quartile, in IQRs. */
  iqrScore: number;
  /** Flagged by the chosen method. */
  flagged: boolean;
  /** Why it stands out, strongest first (never empty). */
  reasons: string[];
  /** The columns the reasons are about. */
  columns: string[];
  /** The row's values of the checked columns (at most 12), as read. */
  values: Record<string, string | number | null>;
}
