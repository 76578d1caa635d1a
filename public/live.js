// The live refresh, for a page that shows results or the schedule (its `<div id="live">`
// says what to listen to): listens to /live and, when something the page shows changes,
// fetches the page again and swaps in the new <main>, keeping open <details> open, and says
// "已更新 HH:MM". A few hundred bytes instead of the islands runtime: the public pages load
// no wasm. Without JavaScript every load shows the latest.
(function () {
  var settings = document.getElementById('live');
  if (!settings || !window.EventSource) return;
  var note = document.getElementById('live-note');
  var label = settings.getAttribute('data-label') || '';
  var busy = false, again = false, lost = false;

  function hhmm() {
    // Asia/Shanghai is UTC+8 all year.
    var minutes = Math.floor(Date.now() / 60000) + 8 * 60;
    var h = Math.floor(minutes / 60) % 24, m = minutes % 60;
    return (h < 10 ? '0' : '') + h + ':' + (m < 10 ? '0' : '') + m;
  }

  function swap(html) {
    var fetched = new DOMParser().parseFromString(html, 'text/html');
    var main = document.querySelector('main'), fresh = fetched.querySelector('main');
    if (!main || !fresh) return false;
    var open = [];
    document.querySelectorAll('main details').forEach(function (d, i) { if (d.open) open.push(i); });
    main.innerHTML = fresh.innerHTML;
    var details = document.querySelectorAll('main details');
    open.forEach(function (i) { if (details[i]) details[i].open = true; });
    document.title = fetched.title;
    return true;
  }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true; again = false;
    fetch(location.href, { credentials: 'same-origin', cache: 'no-store' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html !== null && swap(html) && note) note.textContent = label + ' ' + hhmm();
      })
      .catch(function () {})
      .then(function () { busy = false; if (again) refresh(); });
  }

  var source = new EventSource(settings.getAttribute('data-src'));
  (settings.getAttribute('data-kinds') || '').split(' ').forEach(function (kind) {
    if (kind) source.addEventListener(kind, refresh);
  });
  // The browser reconnects by itself; what changed in between was missed: refresh then.
  source.onerror = function () { lost = true; };
  source.onopen = function () { if (lost) { lost = false; refresh(); } };
})();
