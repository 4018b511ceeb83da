/**
 * Focus management for keyboard and screen-reader users: when the screen or the current step
 * changes, focus moves to its heading, so the next Tab starts there and the change is announced.
 * The first screen after launch leaves focus at the top of the page, where the skip link is.
 */
import { useEffect, useRef } from 'react';

const NONE = Symbol('none');
let firstKey: unknown = NONE;
let moved = false;

export function useFocusOnChange<T extends HTMLElement>(key: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (firstKey === NONE) {
      firstKey = key;
      return;
    }
    // React's StrictMode runs the first screen's effect twice in development: still launch.
    if (!moved && key === firstKey) return;
    moved = true;
    ref.current?.focus({ preventScroll: false });
  }, [key]);
  return ref;
}
