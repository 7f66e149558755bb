/** A campaign or message state as a coloured badge (colour AND text, never colour alone). */
export function StateBadge({ state }: { state: string }) {
  return (
    <span className={`badge badge-${state}`} data-testid="state-badge">
      {state}
    </span>
  );
}
