/**
 * Small inline icons. Each is decorative (aria-hidden): meaning is always carried by text beside
 * it, so status never depends on color or shape alone.
 */
import type { ReactElement } from 'react';

type IconProps = { className?: string };

function Svg({ className, children }: IconProps & { children: ReactElement | ReactElement[] }) {
  return (
    <svg
      className={`icon ${className ?? ''}`}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const CheckIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="7" fill="currentColor" />
    <path
      d="M4.8 8.3l2.1 2.1 4.3-4.6"
      fill="none"
      className="ifs"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  </Svg>
);

export const WarnIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M8 1.3l7 12.6H1z" fill="currentColor" strokeLinejoin="round" />
    <path d="M8 6v3.6" className="ifs" strokeWidth="1.7" strokeLinecap="round" />
    <circle cx="8" cy="11.7" r="1" className="iff" />
  </Svg>
);

export const FailIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M5.1 1h5.8L15 5.1v5.8L10.9 15H5.1L1 10.9V5.1z" fill="currentColor" />
    <path d="M5.5 5.5l5 5m0-5l-5 5" className="ifs" strokeWidth="1.8" strokeLinecap="round" />
  </Svg>
);

export const UnknownIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.6" />
    <path
      d="M6.1 6.2a2 2 0 1 1 2.6 1.9c-.5.2-.7.6-.7 1.1v.3"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
    />
    <circle cx="8" cy="11.6" r=".9" fill="currentColor" />
  </Svg>
);

export const ShieldIcon = (p: IconProps) => (
  <Svg {...p}>
    <path
      d="M8 1l5.5 2v4.4c0 3.4-2.3 5.9-5.5 7.6C4.8 13.3 2.5 10.8 2.5 7.4V3z"
      fill="currentColor"
    />
    <path d="M8 2.6v10.7C5.6 12 4 10 4 7.4V4z" className="iff" opacity=".55" />
  </Svg>
);

export const PendingIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" strokeWidth="1.6" />
  </Svg>
);

export const CurrentIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" strokeWidth="1.6" />
    <circle cx="8" cy="8" r="3.3" fill="currentColor" />
  </Svg>
);

export const SkipIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle
      cx="8"
      cy="8"
      r="6.2"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
      strokeDasharray="2.4 2"
    />
    <path d="M5 8h6" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
  </Svg>
);

export const PauseIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="7" fill="currentColor" />
    <path d="M6.3 5v6M9.7 5v6" className="ifs" strokeWidth="1.8" strokeLinecap="round" />
  </Svg>
);

export const BlockIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" strokeWidth="1.8" />
    <path d="M3.8 12.2l8.4-8.4" stroke="currentColor" strokeWidth="1.8" />
  </Svg>
);

export const RestartIcon = (p: IconProps) => (
  <Svg {...p}>
    <path
      d="M13 8a5 5 0 1 1-1.6-3.7"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.7"
      strokeLinecap="round"
    />
    <path
      d="M12.2 1.8v3.1H9.1"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.7"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  </Svg>
);

export const Spinner = ({ className }: IconProps) => (
  <svg
    className={`icon spinner ${className ?? ''}`}
    viewBox="0 0 16 16"
    width="16"
    height="16"
    aria-hidden="true"
    focusable="false"
  >
    <circle
      cx="8"
      cy="8"
      r="6"
      fill="none"
      stroke="currentColor"
      strokeOpacity=".25"
      strokeWidth="2"
    />
    <path
      d="M14 8a6 6 0 0 0-6-6"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
    />
  </svg>
);

export const AppMark = () => (
  <svg
    className="app-mark"
    viewBox="0 0 32 32"
    width="28"
    height="28"
    aria-hidden="true"
    focusable="false"
  >
    <rect x="1" y="1" width="30" height="30" rx="7" className="am-bg" />
    <path d="M16 6.5l7 2.6v5.7c0 4.6-2.9 7.9-7 9.7-4.1-1.8-7-5.1-7-9.7V9.1z" className="am-fg" />
    <path
      d="M12.6 15.6l2.4 2.4 4.4-4.8"
      fill="none"
      className="am-st"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  </svg>
);
