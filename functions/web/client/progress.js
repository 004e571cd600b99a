// Live progress of a payment run: asks the page's own progress address every 2 seconds until the run ends, then reloads to show the final state.
(function () {
  var box = document.querySelector('[data-run-progress]');
  if (!box || box.getAttribute('data-live') !== 'true') return;
  var bar = document.getElementById('run-progress');
  var text = document.getElementById('run-progress-text');
  var hint = box.querySelector('.pop-no-js');
  if (hint) hint.hidden = true;
  var poll = function () {
    fetch(box.getAttribute('data-run-progress'), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) {
        // Signed out (sent to sign-in) or refused (4xx): the page itself says why, so show it instead of asking again.
        if (r.redirected || (r.status >= 400 && r.status < 500)) { window.location.reload(); return new Promise(function () {}); }
        return r.ok ? r.json() : Promise.reject(r.status);
      })
      .then(function (p) {
        bar.max = Math.max(p.total, 1);
        bar.value = p.paid + p.failed;
        text.textContent = p.paid + ' of ' + p.total + ' paid' + (p.failed ? ', ' + p.failed + ' failed' : '');
        if (p.finished) window.location.replace(window.location.pathname);
        else setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  };
  setTimeout(poll, 1000);
})();
