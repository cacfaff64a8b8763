import { useToasts } from '../../components/Toasts';
import { useApiEvent } from '../../state/use-api';

/** Background news from main (drift detected, auto-sync ran…) become toasts. */
export function useNotices(appNames: ReadonlyMap<string, string>, onOpenApp?: (appId: string) => void): void {
  const toasts = useToasts();
  useApiEvent('notice', (n) => {
    const name = n.appId ? appNames.get(n.appId) : undefined;
    const appId = n.appId;
    toasts.show(
      n.level,
      name && !n.message.includes(name) ? `${name}: ${n.message}` : n.message,
      appId && onOpenApp ? [{ label: 'Open app', run: () => onOpenApp(appId) }] : undefined,
    );
  });
}
