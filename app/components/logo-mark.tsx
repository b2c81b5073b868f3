/**
 * Toi's mark: a shanyrak, the crown of a yurt, under which a family gathers for a toi (a feast).
 * Drawn in currentColor so it takes the colour of where it sits; decorative (the name is beside it).
 */
export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg
      className="logo-mark"
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.4"
      strokeLinecap="round"
    >
      <circle cx="16" cy="16" r="13.5" />
      <path d="M10.5 3.8C13.6 11.5 13.6 20.5 10.5 28.2M16 2.5v27M21.5 3.8C18.4 11.5 18.4 20.5 21.5 28.2" />
      <path d="M3.8 10.5C11.5 13.6 20.5 13.6 28.2 10.5M2.5 16h27M3.8 21.5C11.5 18.4 20.5 18.4 28.2 21.5" />
    </svg>
  );
}
