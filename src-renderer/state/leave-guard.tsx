import { createContext, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';

/** Resolves true when it is fine to leave (saved, discarded or nothing to lose), false to stay. */
export type LeaveCheck = () => Promise<boolean>;

interface LeaveGuard {
  register(check: LeaveCheck): () => void;
  confirmLeave(): Promise<boolean>;
}

const Context = createContext<LeaveGuard | null>(null);

/** Lets the editor veto navigation (switching app) while it holds unsaved changes. */
export function LeaveGuardProvider({ children }: { children: ReactNode }) {
  const checks = useRef(new Set<LeaveCheck>());
  const guard = useMemo<LeaveGuard>(
    () => ({
      register(check) {
        checks.current.add(check);
        return () => checks.current.delete(check);
      },
      async confirmLeave() {
        for (const check of checks.current) {
          if (!(await check())) return false;
        }
        return true;
      },
    }),
    [],
  );
  return <Context.Provider value={guard}>{children}</Context.Provider>;
}

export function useLeaveGuard(): LeaveGuard {
  const guard = useContext(Context);
  if (!guard) throw new Error('useLeaveGuard outside LeaveGuardProvider');
  return guard;
}

export function useRegisterLeaveCheck(check: LeaveCheck): void {
  const guard = useLeaveGuard();
  const ref = useRef(check);
  useEffect(() => {
    ref.current = check;
  });
  useEffect(() => guard.register(() => ref.current()), [guard]);
}
