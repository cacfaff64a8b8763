import { useRef } from 'react';

interface Props {
  label: string;
  /** Percentage of the container given to the first pane. */
  value: number;
  onChange(value: number): void;
  min?: number;
  max?: number;
}

/** A vertical splitter: drag with the pointer, or focus it and use the arrow keys, Home and End. */
export function Splitter({ label, value, onChange, min = 15, max = 85 }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const clamp = (v: number) => Math.round(Math.min(max, Math.max(min, v)));

  const onPointerDown = (e: React.PointerEvent) => {
    const container = ref.current?.parentElement;
    if (!container) return;
    e.preventDefault();
    const rect = container.getBoundingClientRect();
    const move = (ev: PointerEvent) => onChange(clamp(((ev.clientX - rect.left) / rect.width) * 100));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      document.body.classList.remove('resizing');
    };
    document.body.classList.add('resizing');
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const step = e.shiftKey ? 10 : 2;
    const next =
      e.key === 'ArrowLeft'
        ? value - step
        : e.key === 'ArrowRight'
          ? value + step
          : e.key === 'Home'
            ? min
            : e.key === 'End'
              ? max
              : null;
    if (next === null) return;
    e.preventDefault();
    onChange(clamp(next));
  };

  return (
    <div
      ref={ref}
      role="separator"
      aria-label={label}
      aria-orientation="vertical"
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className="splitter"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
