const paths = {
  agents: 'M5 8h14v11H5z M12 4v4 M9.5 13h.01 M14.5 13h.01 M9 16.5h6',
  tasks: 'M10 6h10 M10 12h10 M10 18h10 M4 6l1.5 1.5L8 5 M4 12l1.5 1.5L8 11 M4 18l1.5 1.5L8 17',
  send: 'M4 12L20 4l-6 16-3-7z M11 13l9-9',
  providers: 'M4 4h16v6H4z M4 14h16v6H4z M8 7h.01 M8 17h.01',
  routing: 'M3 12h5l4-6h8 M8 12l4 6h8 M17 3l3 3-3 3 M17 15l3 3-3 3',
  usage: 'M4 20V11 M10 20V5 M16 20v-6 M21 20H3',
  monitor: 'M3 12h4l3-7 4 14 3-7h4',
  spaces: 'M3 7V5h7l2 2h9v12H3z',
  settings: 'M4 6h9 M17 6h3 M15 4v4 M4 12h3 M11 12h9 M9 10v4 M4 18h11 M19 18h1 M17 16v4',
  plus: 'M12 5v14 M5 12h14',
  up: 'M12 19V5 M6 11l6-6 6 6',
  down: 'M12 5v14 M6 13l6 6 6-6',
  back: 'M19 12H5 M11 6l-6 6 6 6',
  close: 'M6 6l12 12 M18 6L6 18',
  check: 'M5 12.5l4.5 4.5L19 7',
  refresh: 'M20 12a8 8 0 1 1-2.4-5.7 M20 4v5h-5',
  copy: 'M9 9h11v11H9z M15 9V4H4v11h5',
  eye: 'M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z M12 9.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5z',
  stop: 'M7 7h10v10H7z',
  rerun: 'M4 12a8 8 0 1 0 2.4-5.7 M4 4v5h5',
  trash: 'M4 7h16 M9 7V4h6v3 M6 7l1 13h10l1-13',
  edit: 'M4 20h4L19 9l-4-4L4 16z M13 7l4 4',
  zap: 'M13 3L5 14h6l-1 7 8-11h-6z',
  terminal: 'M4 6l5 5-5 5 M12 18h8',
  file: 'M6 3h8l4 4v14H6z M14 3v4h4',
  tool: 'M15 5a4 4 0 0 0 4 6l-8 8a2 2 0 0 1-3-3l8-8a4 4 0 0 0-1-3z',
  message: 'M4 5h16v11H9l-5 4z',
  alert: 'M12 8v5 M12 16.5h.01 M10.3 4.3L2.6 18a2 2 0 0 0 1.7 3h15.4a2 2 0 0 0 1.7-3L13.7 4.3a2 2 0 0 0-3.4 0z',
  external: 'M14 4h6v6 M20 4l-9 9 M18 14v6H4V6h6',
  search: 'M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14z M16 16l4 4',
  pause: 'M8 5v14 M16 5v14',
  clock: 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z M12 7v5l3 2',
} as const;

export type IconName = keyof typeof paths;

export function Icon({ name, size = 16, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg className={className ? `icon ${className}` : 'icon'} width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d={paths[name]} />
    </svg>
  );
}

/** Three linked nodes: the mesh. */
export function Logo({ size = 22 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="logo">
      <path d="M6 7l12 0M6 7l6 11M18 7l-6 11" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" opacity={0.55} />
      <circle cx="6" cy="7" r="3" fill="currentColor" />
      <circle cx="18" cy="7" r="3" fill="currentColor" />
      <circle cx="12" cy="18" r="3" fill="currentColor" />
    </svg>
  );
}
