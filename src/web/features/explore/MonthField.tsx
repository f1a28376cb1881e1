import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { whenIdle } from '../../i18n.ts';

/**
 * A month field (YYYY-MM) drawn as a plain text field and turned into the browser's month
 * picker once the browser is idle after the page is adopted. Chromium's month field is a
 * composite control: the explorer's two of them took 7–14 ms of the first style of the drawn
 * page (17.6–24.9 ms with them, 10.8–11.1 ms as text fields; explore README, fourth round),
 * the task Lighthouse counts as blocking. Drawn later, the same work is a short task of its own.
 * The value is the same string either way: a whole month typed before the switch is kept.
 * An empty field stays a text field with words in it ("no limit") until it is focused:
 * Chromium draws an empty month field as "--------- ----", which says nothing (issue 21).
 */
export function MonthField({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const [picker, setPicker] = useState(false);
  const [focused, setFocused] = useState(false);
  // what is typed in the text field reaches the view only as a whole month
  const [draft, setDraft] = useState<string | null>(null);
  useEffect(() => {
    let mounted = true;
    whenIdle(() => mounted && setPicker(true));
    return () => {
      mounted = false;
    };
  }, []);
  return picker && (value || focused) ? (
    <input id={id} type="month" value={value} onChange={(e) => onChange(e.target.value)} onBlur={() => setFocused(false)} />
  ) : (
    <input
      id={id}
      type="text"
      inputMode="numeric"
      pattern="[0-9]{4}-[0-9]{2}"
      maxLength={7}
      placeholder={t('explore.controls.anyMonth')}
      onFocus={() => setFocused(true)}
      value={draft ?? value}
      onChange={(e) => {
        const v = e.target.value;
        setDraft(v);
        if (/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) onChange(v);
      }}
    />
  );
}
