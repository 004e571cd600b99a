// A "Print" button for pages people keep on paper (the statement as a remittance advice); shown only where JavaScript runs; it opens folded lists so the paper has everything.
export const PrintButton = () => (
  <p class="pop-print">
    <button type="button" class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" onclick="document.querySelectorAll('details').forEach(function (d) { d.open = true; }); window.print()">
      Print
    </button>
  </p>
);
