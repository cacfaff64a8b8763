/**
 * F6 / Shift+F6 move the focus between the window's panes (apps, files, editor, cluster, history),
 * so a keyboard user is never stuck inside the editor or a long tree. Panes mark themselves with
 * `data-pane="<name>"`; inside one, the focus goes to its current tree item, the editor's text
 * area, or its first control, in that order.
 */
const controls = [
  '[role="treeitem"][tabindex="0"]',
  // Monaco's focus target: the EditContext element in Chromium, a textarea elsewhere.
  '.monaco-editor .native-edit-context',
  '.monaco-editor textarea.inputarea',
  'input:not([disabled])',
  'button:not([disabled])',
  'a[href]',
  '[tabindex="0"]',
];

function visiblePanes(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('[data-pane]')].filter(
    (el) => el.getClientRects().length > 0 && !el.closest('[inert]'),
  );
}

function focusTarget(pane: HTMLElement): HTMLElement {
  for (const selector of controls) {
    const el = pane.querySelector<HTMLElement>(selector);
    if (el && el.getClientRects().length > 0) return el;
  }
  if (!pane.hasAttribute('tabindex')) pane.tabIndex = -1;
  return pane;
}

export function cyclePane(direction: 1 | -1, root: Document = document): string | null {
  const panes = visiblePanes(root);
  if (panes.length === 0) return null;
  const active = root.activeElement;
  const current = panes.findIndex((p) => active && p.contains(active));
  const next = panes[(current + direction + panes.length) % panes.length]!;
  focusTarget(next).focus();
  return next.dataset.pane ?? null;
}
