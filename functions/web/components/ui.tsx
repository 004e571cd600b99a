// Display pieces in the design system's markup: summary lists, tags, panels, back links, tables, banners.
import type { Child } from 'hono/jsx';

export const SummaryList = ({ rows }: { rows: readonly (readonly [string, Child])[] }) => (
  <dl class="nhsuk-summary-list">
    {rows.map(([key, value]) => (
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">{key}</dt>
        <dd class="nhsuk-summary-list__value">{value}</dd>
      </div>
    ))}
  </dl>
);

export type TagColour = 'white' | 'grey' | 'green' | 'aqua-green' | 'blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';

export const Tag = ({ colour, children }: { colour?: TagColour; children: Child }) => (
  <strong class={`nhsuk-tag${colour ? ` nhsuk-tag--${colour}` : ''}`}>{children}</strong>
);

/** A confirmation panel; its title is the page's h1 unless the page has its own (then `level={2}`). */
export const Panel = ({ title, children, level = 1 }: { title: string; children?: Child; level?: 1 | 2 }) => (
  <div class="nhsuk-panel nhsuk-panel--confirmation">
    {level === 1 ? <h1 class="nhsuk-panel__title">{title}</h1> : <h2 class="nhsuk-panel__title">{title}</h2>}
    {children ? <div class="nhsuk-panel__body">{children}</div> : null}
  </div>
);

export const BackLink = ({ href, text = 'Back' }: { href: string; text?: string }) => (
  <a class="nhsuk-back-link" href={href}>
    {text}
  </a>
);

interface TableProps {
  readonly caption: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly Child[])[];
  readonly numeric?: readonly number[];
  readonly captionSize?: 's' | 'm';
  /** Rows stack into cards on a phone; a compact table of figures stays a table (and scrolls if it must). */
  readonly responsive?: boolean;
}

export const Table = ({ caption, head, rows, numeric = [], captionSize = 'm', responsive = true }: TableProps) => {
  const table = (
    <table class={responsive ? 'nhsuk-table-responsive' : 'nhsuk-table'}>
      <caption class={`nhsuk-table__caption nhsuk-table__caption--${captionSize}`}>{caption}</caption>
      <thead class="nhsuk-table__head">
        <tr class="nhsuk-table__row">
          {head.map((h, i) => (
            <th scope="col" class={`nhsuk-table__header${numeric.includes(i) ? ' nhsuk-table__header--numeric' : ''}`}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody class="nhsuk-table__body">
        {rows.map((row) => (
          <tr class="nhsuk-table__row">
            {row.map((cell, i) => (
              <td class={`nhsuk-table__cell${numeric.includes(i) ? ' nhsuk-table__cell--numeric' : ''}`}>
                {responsive ? (
                  <span class="nhsuk-table-responsive__heading" aria-hidden="true">
                    {`${head[i] ?? ''} `}
                  </span>
                ) : null}
                {cell}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  return responsive ? table : <div class="nhsuk-table-container">{table}</div>;
};

export const Inset = ({ children }: { children: Child }) => <div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span>{children}</div>;

export const Warning = ({ heading, children }: { heading: string; children: Child }) => (
  <div class="nhsuk-warning-callout">
    <h3 class="nhsuk-warning-callout__label">
      <span role="text">
        <span class="nhsuk-u-visually-hidden">Important: </span>
        {heading}
      </span>
    </h3>
    {children}
  </div>
);

/** A success message after an action, shown at the top of the page it returns to. */
export const Banner = ({ children }: { children: Child }) => (
  <div class="nhsuk-notification-banner nhsuk-notification-banner--success" role="alert" aria-labelledby="banner-title" data-module="nhsuk-notification-banner">
    <div class="nhsuk-notification-banner__header">
      <h2 class="nhsuk-notification-banner__title" id="banner-title">
        Success
      </h2>
    </div>
    <div class="nhsuk-notification-banner__content">
      <p class="nhsuk-notification-banner__heading">{children}</p>
    </div>
  </div>
);

export const Notice = ({ title, children }: { title: string; children: Child }) => (
  <div class="nhsuk-notification-banner" role="region" aria-labelledby="notice-title" data-module="nhsuk-notification-banner">
    <div class="nhsuk-notification-banner__header">
      <h2 class="nhsuk-notification-banner__title" id="notice-title">
        {title}
      </h2>
    </div>
    <div class="nhsuk-notification-banner__content">{children}</div>
  </div>
);
