import { Dialog } from '../components/Dialog';
import { commandSpecs, formatKeys, isMacPlatform } from './registry';

/** Keys the editor itself owns; listed so the sheet is the whole story. */
const editorKeys: [string, string][] = [
  ['Tab / Shift+Tab', 'Leave the editor (to the next or previous control)'],
  ['Mod+]  /  Mod+[', 'Indent / outdent the selected lines'],
  ['Mod+Enter', 'Commit… (inside the editor)'],
  ['Escape', 'Close a dialog'],
];

/** "?": every shortcut, read from the same registry the keyboard handler uses. */
export function ShortcutSheet({ onClose }: { onClose(): void }) {
  const isMac = isMacPlatform();
  const rows: [string, string][] = [
    ...commandSpecs
      .filter((c) => c.keys)
      .map((c) => [formatKeys(c.keys!, isMac), c.title] as [string, string]),
    ...editorKeys.map(([k, t]) => [formatKeys(k, isMac), t] as [string, string]),
  ];
  return (
    <Dialog
      title="Keyboard shortcuts"
      onClose={onClose}
      footer={
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      }
    >
      <table className="shortcut-table" aria-label="Keyboard shortcuts">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([keys, title]) => (
            <tr key={title}>
              <td>
                <kbd className="shortcut">{keys}</kbd>
              </td>
              <td>{title}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
