// The design system's details component: a summary line that opens to show more (long lists kept short on a phone).
import type { Child } from 'hono/jsx';

export const Details = ({ summary, children, open = false }: { summary: string; children: Child; open?: boolean }) => (
  <details class="nhsuk-details" open={open}>
    <summary class="nhsuk-details__summary">
      <span class="nhsuk-details__summary-text">{summary}</span>
    </summary>
    <div class="nhsuk-details__text">{children}</div>
  </details>
);
