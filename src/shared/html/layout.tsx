import type { ComponentChildren } from 'preact';
import type { Flash } from '../session/flash.ts';
import { assetUrl } from './assets.ts';
import { CsrfField, FlashMessage } from './components.tsx';

export interface NavItem {
  readonly href: string;
  readonly label: string;
}

export interface SignedInUser {
  /** Shown in the top bar, e.g. the e-mail address. */
  readonly label: string;
  readonly logoutAction: string;
  readonly csrf: string;
}

export interface LayoutProps {
  readonly title: string;
  readonly appName: string;
  readonly nav?: readonly NavItem[];
  /** The nav item's href of the section this page belongs to. */
  readonly section?: string;
  readonly user?: SignedInUser | undefined;
  readonly flash?: Flash | null | undefined;
  readonly children: ComponentChildren;
}

// htmx would inject its own indicator styles; the stylesheet has them and the CSP allows no others.
const HTMX_CONFIG = JSON.stringify({ includeIndicatorCSS: false });

/** The frame of every panel page: top bar with navigation, flash messages, main content. */
export function Layout(props: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${props.appName}`}</title>
        <meta name="htmx-config" content={HTMX_CONFIG} />
        {/* No icon file to fetch: browsers would otherwise ask for /favicon.ico on every page. */}
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={assetUrl('console.css')} />
        <script src={assetUrl('htmx.min.js')} defer />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="topbar">
          <div class="brand">{props.appName}</div>
          {props.nav && props.nav.length > 0 && (
            <nav aria-label="Main">
              <ul>
                {props.nav.map((item) => (
                  <li key={item.href}>
                    <a
                      href={item.href}
                      aria-current={item.href === props.section ? 'page' : undefined}
                    >
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          {props.user && (
            <form method="post" action={props.user.logoutAction} class="user">
              <span>{props.user.label}</span>
              <CsrfField token={props.user.csrf} />
              <button type="submit">Log out</button>
            </form>
          )}
        </header>
        <main id="main" tabindex={-1}>
          <div id="flash">{props.flash && <FlashMessage flash={props.flash} />}</div>
          {props.children}
        </main>
      </body>
    </html>
  );
}
