import { useRef, type KeyboardEvent } from 'react';

/**
 * WAI-ARIA tabs with arrow-key movement (automatic activation). The selected tab is
 * part of the page's URL, so the caller owns it.
 */
export function Tabs<T extends string>(props: { label: string; tabs: { id: T; label: string }[]; selected: T; onSelect: (id: T) => void; idPrefix: string }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent, i: number) => {
    const n = props.tabs.length;
    let next = -1;
    if (e.key === 'ArrowRight') next = (i + 1) % n;
    else if (e.key === 'ArrowLeft') next = (i - 1 + n) % n;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    if (next < 0) return;
    e.preventDefault();
    refs.current[next]?.focus();
    props.onSelect(props.tabs[next]!.id);
  };
  return (
    <div role="tablist" aria-label={props.label} className="obs-tabs">
      {props.tabs.map((tab, i) => {
        const selected = tab.id === props.selected;
        return (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${props.idPrefix}-tab-${tab.id}`}
            aria-selected={selected}
            aria-controls={`${props.idPrefix}-panel`}
            tabIndex={selected ? 0 : -1}
            className={selected ? 'obs-tab obs-tab-selected' : 'obs-tab'}
            onClick={() => props.onSelect(tab.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}
