// A "Print" button for pages people keep on paper (the statement as a remittance advice); shown only where JavaScript runs.
export const PrintButton = () => (
  <p class="pop-print">
    <button type="button" class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" onclick="window.print()">
      Print
    </button>
  </p>
);
