import { useEffect, useState } from 'react';

/**
 * A colour per kubeconfig context, so the target of every action is recognisable at a glance.
 * The user's choice is kept per context in this browser profile (it is view state, not app
 * settings); without one, names that look like production are red and the rest take a stable
 * colour from a small palette.
 */
const storageKey = 'gitops-desktop.context-colors';
const changeEvent = 'gitops-desktop:context-colors';

export const productionColor = '#cf222e';
export const contextPalette = ['#1f6feb', '#1a7f37', '#8250df', '#0e7490', '#9a6700', '#bf3989'] as const;

/** "prod", "production", "prd", "live" as a word of the name (eu-prod-1, gke_x_prod, prod2, live). */
export function looksLikeProduction(context: string): boolean {
  return /(^|[^a-z])(prod|production|prd|live)\d*([^a-z]|$)/i.test(context);
}

function stableIndex(text: string, size: number): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h % size;
}

export function defaultContextColor(context: string): string {
  if (looksLikeProduction(context)) return productionColor;
  return contextPalette[stableIndex(context, contextPalette.length)]!;
}

function readChoices(): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function contextColor(context: string): string {
  const chosen = readChoices()[context];
  return chosen && /^#[0-9a-f]{6}$/i.test(chosen) ? chosen : defaultContextColor(context);
}

/** Stores the user's colour for a context; null goes back to the default. */
export function setContextColor(context: string, color: string | null): void {
  const choices = readChoices();
  if (color === null) delete choices[context];
  else choices[context] = color;
  localStorage.setItem(storageKey, JSON.stringify(choices));
  window.dispatchEvent(new Event(changeEvent));
}

/** The colour of `context`, updated when the user picks another one anywhere in the window. */
export function useContextColor(context: string): string {
  const [color, setColor] = useState(() => contextColor(context));
  useEffect(() => {
    const update = () => setColor(contextColor(context));
    update();
    window.addEventListener(changeEvent, update);
    window.addEventListener('storage', update);
    return () => {
      window.removeEventListener(changeEvent, update);
      window.removeEventListener('storage', update);
    };
  }, [context]);
  return color;
}
