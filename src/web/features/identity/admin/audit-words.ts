import type { TFunction } from 'i18next';

/** An entity's name as the server found it: one text, or one per language. */
export type EntityLabel = string | Record<string, string> | null;

/** The label in the reader's language, else Spanish, else any language it has. */
export function labelIn(label: EntityLabel, lang: string): string | null {
  if (label === null) return null;
  if (typeof label === 'string') return label;
  return label[lang] ?? label.es ?? Object.values(label)[0] ?? null;
}

/**
 * An action code (`practice.publish`) in words. Codes are nested keys (`actions.practice.publish`); an
 * action recorded by a newer server than these strings falls back to its code rather than to nothing.
 */
export function actionWords(t: TFunction, action: string): string {
  const key = `admin.audit.actions.${action}`;
  const words = t(key, { defaultValue: '' });
  return typeof words === 'string' && words && words !== key ? words : action;
}

/** An entity type (`obs_release`) in words, with the same fall-back to the code. */
export function entityWords(t: TFunction, entityType: string): string {
  const key = `admin.audit.entities.${entityType}`;
  const words = t(key, { defaultValue: '' });
  return typeof words === 'string' && words && words !== key ? words : entityType;
}
