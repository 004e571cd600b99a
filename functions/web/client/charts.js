// Draws each spend chart with Chart.js from the figures in the JSON beside it; the table next to it holds the same figures.
(function () {
  if (!window.Chart) return;
  var pounds = function (v) { return '£' + Number(v).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }); };
  document.querySelectorAll('script[data-chart]').forEach(function (node) {
    var data = JSON.parse(node.textContent);
    var canvas = document.getElementById(node.getAttribute('data-chart'));
    if (!canvas) return;
    new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: [
          { label: 'Paid', data: data.paid, backgroundColor: '#007f3b' },
          { label: 'Reserved', data: data.reserved, backgroundColor: '#005eb8' },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: pounds } } },
        plugins: { tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ': ' + pounds(ctx.raw); } } } },
      },
    });
  });
})();
