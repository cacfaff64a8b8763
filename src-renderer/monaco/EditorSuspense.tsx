import { Suspense, type ReactNode } from 'react';

/** The placeholder while Monaco's chunk loads (the first time a file or a diff is shown). */
export function EditorSuspense({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <div className="editor-loading muted" role="status">
          Loading the editor…
        </div>
      }
    >
      {children}
    </Suspense>
  );
}
