/** An indeterminate activity marker with a text for screen readers and people alike. */
export function Working({ text, testId }: { text: string; testId?: string }) {
  return (
    <div className="working" role="status" aria-live="polite" data-testid={testId}>
      <span className="spinner" aria-hidden="true" />
      <span>{text}</span>
    </div>
  );
}
