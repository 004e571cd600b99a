// The page shell every screen shares: NHS header with the service name and navigation, main, footer.
import type { Child } from 'hono/jsx';
import type { Session } from '../auth/session.js';
import { ASSET } from '../assets.js';

export const SERVICE_NAME = 'Pay on Prescription';

interface NavItem {
  readonly href: string;
  readonly text: string;
}

/** What each role does here, in the order they do it. */
const NAVIGATION: Record<string, readonly NavItem[]> = {
  vcse: [
    { href: '/referrals', text: 'Referrals' },
    { href: '/referrals/log', text: 'Log a referral' },
    { href: '/payments-setup', text: 'Getting paid' },
    { href: '/activities', text: 'Activities' },
    { href: '/agreements', text: 'Agreements' },
    { href: '/statement', text: 'Statement' },
  ],
  link_worker: [
    { href: '/directory', text: 'Find an activity' },
    { href: '/sent', text: 'Referrals sent' },
  ],
  fund_manager: [
    { href: '/fund', text: 'Fund' },
    { href: '/fund/agreements', text: 'Agreements' },
    { href: '/fund/runs', text: 'Payment runs' },
    { href: '/organisations', text: 'Organisations' },
  ],
  commissioner: [
    { href: '/spend', text: 'Spend' },
    { href: '/audit', text: 'Audit trail' },
    { href: '/downloads', text: 'Downloads' },
  ],
  admin: [{ href: '/organisations', text: 'Organisations' }],
};

export const navigationFor = (roles: readonly string[]): NavItem[] => roles.flatMap((role) => NAVIGATION[role] ?? []);

export interface LayoutProps {
  readonly title: string;
  readonly session: Session | undefined;
  readonly csrf: string;
  readonly path: string;
  /** A back link or breadcrumb shown above the main content. */
  readonly before?: Child;
  /** Set when the page shows form errors: browsers and screen readers announce "Error:" first. */
  readonly hasErrors?: boolean;
  /** Scripts this page needs beyond the design system's (charts, live progress). */
  readonly scripts?: readonly string[];
  readonly children?: Child;
}

const Header = ({ session, csrf, path }: Pick<LayoutProps, 'session' | 'csrf' | 'path'>) => {
  const items = session ? navigationFor(session.roles) : [];
  return (
    <header class="nhsuk-header" data-module="nhsuk-header" role="banner">
      <div class="nhsuk-header__container nhsuk-width-container">
        <div class="nhsuk-header__service">
          <a class="nhsuk-header__service-logo" href="/" aria-label={`NHS ${SERVICE_NAME} homepage`}>
            <svg class="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" role="img" aria-label="NHS">
              <title>NHS</title>
              <path
                fill="currentcolor"
                d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"
              />
            </svg>
            <span class="nhsuk-header__service-name">{SERVICE_NAME}</span>
          </a>
        </div>
        {session ? (
          <nav class="nhsuk-header__account" aria-label="Account">
            <ul class="nhsuk-header__account-list">
              <li class="nhsuk-header__account-item">{session.name}</li>
              <li class="nhsuk-header__account-item">
                <form class="nhsuk-header__account-form" action="/sign-out" method="post" novalidate>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <button class="nhsuk-header__account-button">Sign out</button>
                </form>
              </li>
            </ul>
          </nav>
        ) : null}
      </div>
      {items.length > 0 ? (
        <nav class="nhsuk-header__navigation" aria-label="Menu">
          <div class="nhsuk-header__navigation-container nhsuk-width-container">
            <ul class="nhsuk-header__navigation-list">
              <li class={`nhsuk-header__navigation-item${path === '/' ? ' nhsuk-header__navigation-item--current' : ''}`}>
                <a class="nhsuk-header__navigation-link" href="/" {...(path === '/' ? { 'aria-current': 'page' } : {})}>
                  Home
                </a>
              </li>
              {items.map((item) => {
                const current = path === item.href || (path.startsWith(`${item.href}/`) && !items.some((o) => o.href !== item.href && path.startsWith(o.href)));
                return (
                  <li class={`nhsuk-header__navigation-item${current ? ' nhsuk-header__navigation-item--current' : ''}`}>
                    <a class="nhsuk-header__navigation-link" href={item.href} {...(current ? { 'aria-current': 'page' } : {})}>
                      {item.text}
                    </a>
                  </li>
                );
              })}
              <li class="nhsuk-header__menu" hidden>
                <button class="nhsuk-header__menu-toggle nhsuk-header__navigation-link" id="toggle-menu" aria-expanded="false">
                  <span class="nhsuk-u-visually-hidden">Browse </span>More
                </button>
              </li>
            </ul>
          </div>
        </nav>
      ) : null}
    </header>
  );
};

const Footer = () => (
  <footer class="nhsuk-footer" role="contentinfo">
    <div class="nhsuk-width-container">
      <div class="nhsuk-footer__meta">
        <h2 class="nhsuk-u-visually-hidden">Support links</h2>
        <ul class="nhsuk-footer__list">
          <li class="nhsuk-footer__list-item">
            <a class="nhsuk-footer__list-item-link" href="/accessibility">
              Accessibility statement
            </a>
          </li>
          <li class="nhsuk-footer__list-item">
            <a class="nhsuk-footer__list-item-link" href="/privacy">
              Privacy notice
            </a>
          </li>
        </ul>
        <p class="nhsuk-body-s">Pay on Prescription pays voluntary and community organisations for the social prescribing referrals they accept.</p>
      </div>
    </div>
  </footer>
);

export const Layout = (props: LayoutProps) => (
  <html lang="en-GB">
    <head>
      <meta charset="utf-8" />
      <title>{`${props.hasErrors ? 'Error: ' : ''}${props.title} – ${SERVICE_NAME}`}</title>
      <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
      <meta name="theme-color" content="#005eb8" />
      <link rel="icon" href="/assets/images/favicon.ico" sizes="48x48" />
      <link rel="icon" href="/assets/images/favicon.svg" sizes="any" type="image/svg+xml" />
      <link rel="stylesheet" href={ASSET.css} />
      <link rel="stylesheet" href={ASSET.appCss} />
    </head>
    <body>
      <script src={ASSET.jsEnabled}></script>
      <a class="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <Header session={props.session} csrf={props.csrf} path={props.path} />
      <div class="nhsuk-width-container">
        {props.before}
        <main class="nhsuk-main-wrapper" id="maincontent">
          {props.children}
        </main>
      </div>
      <Footer />
      <script type="module" src={ASSET.js}></script>
      <script type="module" src={ASSET.init}></script>
      {(props.scripts ?? []).map((src) => (
        <script src={src} defer></script>
      ))}
    </body>
  </html>
);
