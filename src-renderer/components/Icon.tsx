/**
 * Inline SVG icons: they render the same everywhere, unlike emoji and symbol glyphs, which depend on
 * the fonts installed (a missing emoji font shows an empty box). Decorative: the button around an
 * icon carries the accessible name.
 */
const paths = {
  gear: 'M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5ZM6.9 1h2.2l.4 1.9 1.2.6 1.7-1 1.5 1.6-1 1.6.5 1.3 1.9.4v2.2l-1.9.4-.5 1.3 1 1.6-1.5 1.6-1.7-1-1.2.6-.4 1.9H6.9l-.4-1.9-1.2-.6-1.7 1-1.5-1.6 1-1.6-.5-1.3L.7 9.1V6.9l1.9-.4.5-1.3-1-1.6L3.6 2l1.7 1 1.2-.6Z',
  pencil: 'M11.5 1.5 14.5 4.5 5 14H2v-3ZM10 3l3 3',
  trash: 'M2.5 4h11M6 4V2.5h4V4M3.5 4l.8 10h7.4l.8-10M6.5 6.5v5M9.5 6.5v5',
  plus: 'M8 2.5v11M2.5 8h11',
  close: 'M3.5 3.5l9 9M12.5 3.5l-9 9',
  maximize: 'M2.5 6V2.5H6M10 2.5h3.5V6M13.5 10v3.5H10M6 13.5H2.5V10',
  restore: 'M6 2.5V6H2.5M13.5 6H10V2.5M10 13.5V10h3.5M2.5 10H6v3.5',
  filter: 'M2 3h12L9.5 8.5V13l-3-1.5v-3Z',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 14 }: { name: IconName; size?: number }) {
  const filled = name === 'gear';
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      fill={filled ? 'currentColor' : 'none'}
      stroke={filled ? 'none' : 'currentColor'}
      strokeWidth={1.5}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={paths[name]} fillRule="evenodd" />
    </svg>
  );
}
