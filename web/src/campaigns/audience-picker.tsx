import type { TagCount } from '../api/types';
import { formatCount } from '../ui/format';

/** Tags to send to; none ticked means every contact. */
export function AudiencePicker({
  tags,
  selected,
  onChange,
  error,
}: {
  tags: TagCount[];
  selected: string[];
  onChange: (tags: string[]) => void;
  error?: string | undefined;
}) {
  function toggle(tag: string, on: boolean) {
    onChange(on ? [...selected, tag] : selected.filter((item) => item !== tag));
  }
  return (
    <fieldset className={`audience${error ? ' field-invalid' : ''}`}>
      <legend>Audience</legend>
      <p className="muted small">Contacts with ANY of the ticked tags. Tick none to send to everyone.</p>
      {tags.length === 0 ? <p className="muted small">No tags yet: the campaign goes to all contacts.</p> : null}
      <div className="tag-options">
        {tags.map(({ tag, count }) => (
          <label key={tag} className="tag-option">
            <input type="checkbox" checked={selected.includes(tag)} onChange={(event) => toggle(tag, event.target.checked)} />
            <span>#{tag}</span> <span className="muted small">{formatCount(count)}</span>
          </label>
        ))}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
