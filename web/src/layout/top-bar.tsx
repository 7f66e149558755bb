import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useSession } from '../session/session-context';
import { LiveBadge } from './mode-banner';
import { SkipLink } from './skip-link';

const NAV_LINKS = [
  { href: '/', label: 'Overview' },
  { href: '/contacts', label: 'Contacts' },
  { href: '/campaigns', label: 'Campaigns' },
  { href: '/messages', label: 'Messages' },
  { href: '/inbox', label: 'Inbox' },
  { href: '/settings', label: 'Settings' },
] as const;

function isCurrent(href: string, location: string): boolean {
  return href === '/' ? location === '/' : location === href || location.startsWith(`${href}/`);
}

/** Links across the top; on phones they fold into a menu button. */
export function TopBar() {
  const { user, mode, signOut } = useSession();
  const [location] = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [menuLocation, setMenuLocation] = useState(location);

  // A link followed from the open menu should leave the page visible: the menu closes on any
  // change of location, adjusted during render (https://react.dev/learn/you-might-not-need-an-effect).
  if (menuLocation !== location) {
    setMenuLocation(location);
    setMenuOpen(false);
  }

  return (
    <header className="top-bar">
      <SkipLink />
      <div className="top-bar-row">
        <Link href="/" className="brand">
          Cafe de Revenue <span className="brand-sub">SMS</span>
        </Link>
        <LiveBadge mode={mode} />
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="main-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {menuOpen ? 'Close' : 'Menu'}
        </button>
      </div>
      <nav id="main-nav" className={`main-nav${menuOpen ? ' main-nav-open' : ''}`} aria-label="Main">
        <ul>
          {NAV_LINKS.map((link) => (
            <li key={link.href}>
              <Link href={link.href} aria-current={isCurrent(link.href, location) ? 'page' : undefined}>
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="account">
          {user ? (
            <span className="account-name" data-testid="signed-in-user">
              {user.username}
            </span>
          ) : null}
          <button type="button" className="button-secondary" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </nav>
    </header>
  );
}
