/**
 * The till's smallest touch target, 44 × 44 px, as an inline style: the dashboard's Tailwind build only holds the
 * classes of its own sources, so sizes that matter on a till are styles.
 */
export const TOUCH_TARGET = { minHeight: 44, minWidth: 44 } as const;

/** Visually hidden, still read by screen readers (the terminal's aria-live region). */
export const SCREEN_READER_ONLY = {
  position: "absolute",
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: "hidden",
  clip: "rect(0, 0, 0, 0)",
  whiteSpace: "nowrap",
  border: 0,
} as const;
