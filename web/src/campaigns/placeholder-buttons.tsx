/** Buttons that put `{{placeholder}}` where the caret is in the template. */
export function PlaceholderButtons({ names, onInsert }: { names: string[]; onInsert: (placeholder: string) => void }) {
  return (
    <div className="placeholder-buttons" role="group" aria-label="Insert a placeholder">
      <span className="muted small">Insert:</span>
      {names.map((name) => (
        <button key={name} type="button" className="chip" aria-label={`Insert placeholder ${name}`} onClick={() => onInsert(`{{${name}}}`)}>
          {`{{${name}}}`}
        </button>
      ))}
    </div>
  );
}
