import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

export interface ToastAction {
  label: string;
  run(): void;
}

export interface Toast {
  id: number;
  level: 'info' | 'warning' | 'error' | 'success';
  message: string;
  /** The next step, one click away ("Sync now", "Show diff", "Open file"). */
  actions?: ToastAction[];
}

interface ToastApi {
  show(level: Toast['level'], message: string, actions?: ToastAction[]): void;
}

const ToastContext = createContext<ToastApi>({ show: () => {} });

export function useToasts(): ToastApi {
  return useContext(ToastContext);
}

/** Background news (drift detected, auto-sync ran, saved…) as short-lived toasts. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (level: Toast['level'], message: string, actions?: ToastAction[]) => {
      const id = next.current++;
      setToasts((list) => [...list.slice(-4), { id, level, message, ...(actions ? { actions } : {}) }]);
      // A toast that offers a step stays long enough to take it.
      setTimeout(() => dismiss(id), level === 'error' || actions?.length ? 12000 : 6000);
    },
    [dismiss],
  );
  const api = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.level}`}>
            <span>{t.message}</span>
            {t.actions?.map((a) => (
              <button
                key={a.label}
                type="button"
                onClick={() => {
                  dismiss(t.id);
                  a.run();
                }}
              >
                {a.label}
              </button>
            ))}
            <button
              type="button"
              className="icon-button"
              aria-label="Dismiss notification"
              onClick={() => dismiss(t.id)}
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}
