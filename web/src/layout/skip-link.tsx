import type { MouseEvent } from 'react';
import './skip-link.css';

/**
 * "Skip to content": the first thing Tab reaches, shown only when focused, so keyboard and
 * screen-reader users need not tab through the whole menu on every page. It moves focus to the
 * page's <main> (made focusable for that), without changing the address.
 */
export function SkipLink() {
  function skip(event: MouseEvent<HTMLAnchorElement>) {
    const main = document.querySelector('main');
    if (!main) return;
    event.preventDefault();
    if (!main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
    main.focus();
    main.scrollIntoView();
  }
  return (
    <a className="skip-link" href="#main-content" onClick={skip} data-testid="skip-link">
      Skip to content
    </a>
  );
}
