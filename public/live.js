// The live refresh, for a page that shows results or the schedule (its `<div id="live">`
// says what to listen to): listens to /live and, when something the page shows changes,
// fetches the page again and swaps in the new <main>, keeping open <details> open, and says
// "已更新 HH:MM" (at most twice a second, however many events come); a new live score of a
// game the page shows is written in place, without fetching the page. A few hundred bytes
// instead of the islands runtime: the public pages load no wasm. Without JavaScript every
// load shows the latest (or, while the server renders the page again, the render before it;
// a reload asks for the latest).
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

  // At most one refresh every GAP ms: the first event of a while refreshes at once, a burst
  // (today's page hears every tap of every game being scored) ends in one more refresh.
  var GAP = 500, last = 0, timer = null;
  function soon() {
    var wait = last + GAP - Date.now();
    if (wait <= 0) { refresh(); return; }
    if (!timer) timer = setTimeout(function () { timer = null; refresh(); }, wait);
  }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true; again = false; last = Date.now();
    // no-cache: the server must not answer with the render it had before the change.
    fetch(location.href, { credentials: 'same-origin', cache: 'no-store', headers: { 'Cache-Control': 'no-cache' } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html !== null && swap(html)) {
          // What was heard while the page was on its way is newer than the page.
          Object.keys(latest).forEach(write);
          if (note) note.textContent = label + ' ' + hhmm();
        }
      })
      .catch(function () {})
      .then(function () { busy = false; if (again) soon(); });
  }

  // A score event carries the game's live score: write it where the page shows that game
  // (data-live-*), and fetch nothing. False when the page does not show it yet.
  function word(name) { return settings.getAttribute('data-' + name) || ''; }
  // The newest live score heard of each game: a page fetched meanwhile may be older, and two
  // events may come in either order; the sheet's line count says which is newer.
  var latest = {};
  function patch(data) {
    var event;
    try { event = JSON.parse(data); } catch (e) { return false; }
    var score = event && event.score, id = event && event.game_id;
    // Written in place where the page has the places; a page that would gain a section
    // (the game's own page, scored live for the first time) is fetched.
    if (!score || !document.querySelector('[data-live-score="' + id + '"]')
      || document.querySelector('[data-live-missing="' + id + '"]')) return false;
    if (!latest[id] || score.lines >= latest[id].lines) latest[id] = score;
    write(id);
    if (note) note.textContent = label + ' ' + hhmm();
    return true;
  }
  function write(id) {
    var score = latest[id], shown = 0;
    var each = function (what, act) {
      document.querySelectorAll('[data-live-' + what + '="' + id + '"]').forEach(act);
    };
    each('score', function (el) { shown = Math.max(shown, Number(el.getAttribute('data-live-lines')) || 0); });
    if (score.lines < shown) return; // the page is newer than anything heard
    var period = score.period > 4 ? word('overtime').replace('{}', score.period - 4)
      : score.period > 0 ? word('quarter').replace('{}', score.period) : '';
    each('score', function (el) {
      el.textContent = score.home + ' : ' + score.away;
      el.setAttribute('data-live-lines', score.lines);
    });
    each('period', function (el) { el.textContent = score.finished ? '' : period; });
    each('facts', function (el) {
      el.textContent = (el.getAttribute('data-template') || '')
        .replace('{0}', score.finished ? word('ended') : period)
        .replace('{1}', score.home_fouls).replace('{2}', score.away_fouls);
    });
  }

  var source = new EventSource(settings.getAttribute('data-src'));
  (settings.getAttribute('data-kinds') || '').split(' ').forEach(function (kind) {
    if (kind === 'score') {
      source.addEventListener(kind, function (e) { if (!patch(e.data)) soon(); });
    } else if (kind) {
      source.addEventListener(kind, soon);
    }
  });
  // The browser reconnects by itself; what changed in between was missed: refresh then.
  // So too for a page the server gave from its last render while rendering it anew
  // (Server-Timing: stale): a change may have been announced before this page listened.
  var nav = window.performance && performance.getEntriesByType
    && performance.getEntriesByType('navigation')[0];
  lost = !!(nav && nav.serverTiming
    && nav.serverTiming.some(function (t) { return t.name === 'stale'; }));
  source.onerror = function () { lost = true; };
  source.onopen = function () { if (lost) { lost = false; refresh(); } };
})();
