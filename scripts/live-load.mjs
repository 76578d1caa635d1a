// Issue #19's bench: GAMES games scored live at once (default 20), while READERS readers
// (default 1,000) hold `/live` open as the pages' script (public/live.js) does, each on the
// servers in BASES (comma-separated: two instances on one PostgreSQL database share them).
//
//   node scripts/live-load.mjs BASES SECONDS DATABASE
//   DATABASE: postgres://USER@HOST:PORT/DB (read with psql)
//
// The scorers: an organiser's phones (SESSIONS sessions) keep the GAMES sheets; each sends
// one line at a time, a tap every PACE_MS on average (default 3,000: a real game has a line
// every 20–40 s, so this is about ten times a real evening), 4 in 5 of them points (1, 2
// or 3) and 1 in 5 a foul, as `POST /actions/games/{id}/live/lines` with `Accept:
// application/json`, like the sheet's island. "ack" is the time to that answer.
//
// The readers: half watch one game's page (`/live?game=ID`, refreshing `/games/ID`), 3 in
// 10 the today page (`/live`, refreshing `/`), 2 in 10 a standings page (`/live?competition=ID`,
// results only: they hold the stream and refresh nothing while games are only scored). Like
// live.js, a reader refreshes on each event it listens to, one fetch at a time (an event
// during a fetch means one more fetch after it), asking for brotli as phones do.
//
// "seen" is measured end to end: from the moment a scorer sends a tap to the moment a game
// watcher's (or a today reader's) page shows the score that tap made (each score a game
// passes through is told apart by its total, which only grows). Readers do what live.js does:
// a score event of a game their page shows is written in place (no fetch; "seen" is when the
// event arrives); anything else fetches the page again, at most once every 500 ms, the first
// event of a while at once. Every acknowledged line must be stored once.
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import zlib from 'node:zlib';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const [basesArg, secondsArg = '60', database] = process.argv.slice(2);
if (!basesArg || !database?.startsWith('postgres')) {
  console.error('usage: node scripts/live-load.mjs BASES SECONDS postgres://…');
  process.exit(2);
}
const bases = basesArg.split(',');
const SECONDS = Number(secondsArg);
const READERS = Number(process.env.READERS ?? 1000);
const GAMES = Number(process.env.GAMES ?? 20);
const PACE_MS = Number(process.env.PACE_MS ?? 3000);
const SESSIONS = Number(process.env.SESSIONS ?? 5);
// live.js's shortest time between two refreshes of a page.
const GAP_MS = 500;
const ORGANISER = ['organiser', 'cunba-demo-2026'];
const runId = `live-${Date.now().toString(36)}`;

async function sql(query) {
  const { stdout } = await run('psql', [database, '-v', 'ON_ERROR_STOP=1', '-Atc', query]);
  return stdout.split('\n').filter(Boolean).map((line) => line.split('|'));
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pause = (mean) => sleep(mean * (0.2 + 1.6 * Math.random()));
const pick = (list) => list[Math.floor(Math.random() * list.length)];

// One connection per request in flight, kept alive, as many as the readers need.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const streams = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/// A request; resolves with status, headers and the raw (still encoded) body.
function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

function decoded(answer) {
  switch (answer.headers['content-encoding']) {
    case 'br': return zlib.brotliDecompressSync(answer.body).toString();
    case 'gzip': return zlib.gunzipSync(answer.body).toString();
    default: return answer.body.toString();
  }
}

// --- preparation: the games, their rosters, the scorer's sessions, the sheets opened -----
const fixtures = JSON.parse((await request(`${bases[0]}/api/v1/games`)).body).games;
const chosen = fixtures.filter((g) => g.home && g.away && g.status === 'scheduled').slice(0, GAMES);
if (chosen.length < GAMES) {
  console.error(`only ${chosen.length} scheduled games with both teams for ${GAMES}`);
  process.exit(1);
}
const ids = chosen.map((g) => g.id).join(',');
// They began ten minutes ago (today's page lists them), and nobody has scored them yet.
await sql(`DELETE FROM live_line WHERE game_id IN (${ids})`);
await sql(`DELETE FROM live_sheet WHERE game_id IN (${ids})`);
await sql(`UPDATE game SET starts_at = now() - interval '10 minutes' WHERE id IN (${ids})`);
const rosters = new Map();
for (const [id, team] of await sql(`SELECT id, team_id FROM player WHERE team_id IS NOT NULL ORDER BY id`)) {
  if (!rosters.has(Number(team))) rosters.set(Number(team), []);
  rosters.get(Number(team)).push(Number(id));
}
const competitions = [...new Set(chosen.map((g) => g.competition_id ?? g.competition?.id).filter(Boolean))];

const form = (base, cookie) => ({
  Origin: base, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded',
  ...(cookie ? { Cookie: cookie } : {}),
});
const cookies = [];
for (let i = 0; i < SESSIONS; i += 1) {
  const base = bases[i % bases.length];
  for (;;) {
    const answer = await request(`${base}/actions/signin`, {
      method: 'POST', headers: form(base), body: `login=${ORGANISER[0]}&secret=${ORGANISER[1]}`,
    });
    if (answer.status === 200) {
      cookies.push(String(answer.headers['set-cookie']).split(';')[0]);
      break;
    }
    if (answer.status !== 429) throw new Error(`sign-in: ${answer.status} ${answer.body}`);
    await sleep(7000); // the sign-in limit per address: 10 a minute
  }
}

const games = chosen.map((g, n) => ({
  id: g.id,
  base: bases[n % bases.length],
  cookie: cookies[n % cookies.length],
  players: [rosters.get(g.home.id) ?? [], rosters.get(g.away.id) ?? []],
  line: 1,
  score: [0, 0],
  fouls: new Map(),
  sentAt: new Map(), // "home:away" → when the tap that made it was sent
}));
const byId = new Map(games.map((game) => [game.id, game]));
for (const game of games) {
  if (!game.players[0].length || !game.players[1].length) throw new Error(`game ${game.id}: a team without players`);
  const opened = await request(`${game.base}/actions/games/${game.id}/live/open`, { method: 'POST', headers: form(game.base, game.cookie) });
  if (opened.status !== 200) throw new Error(`open ${game.id}: ${opened.status} ${opened.body}`);
}

// --- the run ---------------------------------------------------------------------------
const stats = {
  taps: 0, acknowledged: 0, refusedTaps: 0, serverErrors: 0, networkErrors: 0,
  events: 0, refreshes: 0, cacheHits: 0, patches: 0, streamsOpen: 0, streamsLost: 0,
};
const latency = { ack: [], seen: [], seenToday: [], refresh: [] };
const slowest = []; // [ms, seconds into the run, game] of every tap
let tapping = false;
const problems = [];
const note = (text) => { if (problems.length < 5) problems.push(text); };
const startedAt = Date.now();
const deadline = startedAt + SECONDS * 1000;

/// The next line of `game`: tip-off first, then points (4 in 5) or a foul of a player not yet
/// on four (nobody fouls out: every tap is one the sheet takes).
function nextEntry(game) {
  if (game.line === 1) return { entry: 'start', score: null };
  const side = Math.random() < 0.5 ? 0 : 1;
  const name = side === 0 ? 'home' : 'away';
  if (Math.random() < 0.2) {
    const fresh = game.players[side].filter((p) => (game.fouls.get(p) ?? 0) < 4);
    if (fresh.length) {
      const player = pick(fresh);
      game.fouls.set(player, (game.fouls.get(player) ?? 0) + 1);
      return { entry: `foul.${name}.${player}`, score: null };
    }
  }
  const points = pick([1, 2, 2, 2, 3]);
  const score = [...game.score];
  score[side] += points;
  return { entry: `pts.${name}.${pick(game.players[side])}.${points}`, score };
}

async function scorer(game) {
  await sleep(Math.random() * PACE_MS);
  while (Date.now() < deadline) {
    const { entry, score } = nextEntry(game);
    const sent = performance.now();
    if (score) game.sentAt.set(score.join(':'), sent);
    const body = `line=${game.line}&id=${runId}-${game.id}-${game.line}&entry=${entry}`;
    stats.taps += 1;
    try {
      const answer = await request(`${game.base}/actions/games/${game.id}/live/lines`, {
        method: 'POST', headers: form(game.base, game.cookie), body,
      });
      latency.ack.push(performance.now() - sent);
      slowest.push([performance.now() - sent, (Date.now() - startedAt) / 1000, game.id]);
      if (answer.status === 200) {
        stats.acknowledged += 1;
        game.line += 1;
        if (score) game.score = score;
      } else {
        if (answer.status >= 500) stats.serverErrors += 1; else stats.refusedTaps += 1;
        note(`tap ${answer.status}: ${answer.body.toString().slice(0, 200)}`);
        const expected = answer.status === 409 && JSON.parse(answer.body.toString() || '{}').expected;
        if (expected) game.line = expected;
      }
    } catch (error) {
      stats.networkErrors += 1;
      note(`tap: ${error.code ?? error.message}`);
    }
    await pause(PACE_MS);
  }
}

/// The live scores a page shows where live.js writes them (`data-live-score="ID"`):
/// [[id, home, away], …].
function liveScores(html) {
  return [...html.matchAll(/data-live-score="(\d+)"[^>]*>(\d+) : (\d+)</g)]
    .map((m) => [Number(m[1]), m[2], m[3]]);
}

/// A reader: its stream, and live.js's refresh (one at a time, one more if events came).
function reader(n) {
  const base = bases[n % bases.length];
  const share = n % 10;
  const game = share < 5 ? games[n % games.length] : null;
  const [stream, page, kinds] = game
    ? [`/live?game=${game.id}`, `/games/${game.id}`, ['result', 'schedule', 'score']]
    : share < 8
      ? ['/live', '/', ['result', 'schedule', 'score']]
      : [`/live?competition=${competitions[n % competitions.length]}`, '/standings', ['result']];
  let busy = false;
  let again = false;
  let last = 0;
  let timer = null;
  const seen = new Set();
  // live.js: at most one refresh every GAP ms, the first event of a while at once.
  function soon() {
    const wait = last + GAP_MS - Date.now();
    if (wait <= 0) { refresh(); return; }
    if (!timer) timer = setTimeout(() => { timer = null; refresh(); }, wait);
  }
  let showing = new Set(); // the games whose live score the page shows, as loaded
  /// A score this reader sees for the first time: how long after its tap was sent.
  function sample(id, home, away, at) {
    const sent = byId.get(id)?.sentAt.get(`${home}:${away}`);
    const key = `${id}:${home}:${away}`;
    if (sent !== undefined && !seen.has(key)) {
      seen.add(key);
      latency[page === '/' ? 'seenToday' : 'seen'].push(at - sent);
    }
  }
  async function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    again = false;
    last = Date.now();
    const t0 = performance.now();
    try {
      const answer = await request(base + page, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
      const done = performance.now();
      if (tapping) {
        latency.refresh.push(done - t0);
        stats.refreshes += 1;
        if (answer.headers['x-cunba-cache'] === 'hit') stats.cacheHits += 1;
      }
      if (answer.status >= 500) { stats.serverErrors += 1; note(`${answer.status} ${page}`); }
      if (answer.status === 200 && kinds.includes('score')) {
        const html = decoded(answer);
        // Every place live.js writes into, a game not yet scored (showing 对) included.
        const missing = new Set([...html.matchAll(/data-live-missing="(\d+)"/g)].map((m) => Number(m[1])));
        showing = new Set([...html.matchAll(/data-live-score="(\d+)"/g)].map((m) => Number(m[1]))
          .filter((id) => !missing.has(id)));
        for (const [id, home, away] of liveScores(html)) sample(id, home, away, done);
      }
    } catch (error) {
      stats.networkErrors += 1;
      note(`${page}: ${error.code ?? error.message}`);
    }
    busy = false;
    if (again && Date.now() < deadline) soon();
  }
  /// live.js on a score event: written in place when the page shows the game, else fetched.
  function onScore(data) {
    const event = JSON.parse(data);
    if (event.score && showing.has(event.game_id)) {
      stats.patches += 1;
      sample(event.game_id, String(event.score.home), String(event.score.away), performance.now());
    } else {
      soon();
    }
  }
  return new Promise(async (resolve) => {
    await sleep(Math.random() * 1500); // arrive spread out, the page first
    await refresh();
    const req = http.get(base + stream, { agent: streams, headers: { Accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) { note(`stream ${res.statusCode}`); stats.streamsLost += 1; res.resume(); resolve(); return; }
      stats.streamsOpen += 1;
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (text) => {
        buffer += text;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const kind = /^event: ?(.*)$/m.exec(block)?.[1];
          if (!kind || !kinds.includes(kind)) continue;
          stats.events += 1;
          if (kind === 'score') onScore(/^data: ?(.*)$/m.exec(block)?.[1] ?? '{}'); else soon();
        }
      });
      res.on('close', resolve);
    });
    req.on('error', (error) => { stats.streamsLost += 1; note(`stream: ${error.code ?? error.message}`); resolve(); });
    setTimeout(() => { req.destroy(); resolve(); }, deadline - Date.now() + 2000);
  });
}

// How late this process's own timers ran: when the load generator itself is short of CPU,
// every figure it takes grows by as much.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const readers = Array.from({ length: READERS }, (_, n) => reader(n));
await sleep(3000); // every page loaded and stream open before the first tap
const opened = stats.streamsOpen;
tapping = true; // from here on the refreshes count (not the readers' first loads)
const tapsFrom = Date.now();
await Promise.all(games.map(scorer));
await sleep(1500); // the last refreshes
const seconds = (Date.now() - startedAt) / 1000 - 1.5;
const tapSeconds = (Date.now() - tapsFrom) / 1000 - 1.5;
await Promise.all(readers);
const [[stored]] = await sql(`SELECT COUNT(*) FROM live_line WHERE client_id LIKE '${runId}-%'`);

function percentile(list, p) {
  if (list.length === 0) return 'n/a';
  const sorted = [...list].sort((a, b) => a - b);
  return `${sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1)} ms`;
}
const summary = (list) => `p50 ${percentile(list, 50)}  p99 ${percentile(list, 99)}  max ${percentile(list, 100)}  (${list.length})`;
console.log(`${bases.length} server(s) [${bases.join(', ')}], ${GAMES} games scored live, a tap every ${PACE_MS} ms each on average, ${READERS} readers (${opened} streams open), ${seconds.toFixed(1)} s`);
console.log(`taps acknowledged  ${summary(latency.ack)}   budget p99 ≤ 100 ms`);
const later = slowest.filter(([, at]) => at >= 10).map(([ms]) => ms);
console.log(`  … 10 s into the run and on   ${summary(later)}   (before: 20 tip-offs, every reader's page fetched again to show the new live games)`);
console.log(`seen on its page   ${summary(latency.seen)}   budget ≤ 1,000 ms after the tap`);
console.log(`seen on 今日       ${summary(latency.seenToday)}`);
console.log(`page refreshes     ${summary(latency.refresh)}   ${(stats.refreshes / tapSeconds).toFixed(0)}/s while scoring after ${stats.events} events (${stats.patches} written in place), ${stats.refreshes - stats.cacheHits} rendered`);
console.log(`taps: ${stats.taps} sent, ${stats.acknowledged} acknowledged, ${stored} stored, ${stats.refusedTaps} refused; server errors (5xx): ${stats.serverErrors}; network errors: ${stats.networkErrors}; streams lost: ${stats.streamsLost}`);
console.log(`the load generator's own event-loop delay: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms  p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms  max ${(loopDelay.max / 1e6).toFixed(1)} ms`);
slowest.sort((a, b) => b[0] - a[0]);
console.log(`the slowest taps: ${slowest.slice(0, 5).map(([ms, at, id]) => `${ms.toFixed(0)} ms (game ${id}, ${at.toFixed(1)} s in)`).join(', ')}`);
const worst = (list) => (list.length ? list.reduce((a, b) => Math.max(a, b), 0) : Infinity);
const p99 = (list) => { const sorted = [...list].sort((a, b) => a - b); return sorted[Math.floor(0.99 * sorted.length)] ?? Infinity; };
console.log(`budgets: taps p99 ≤ 100 ms ${p99(latency.ack) <= 100 ? 'met' : 'NOT met'}; seen ≤ 1,000 ms after every tap ${Math.max(worst(latency.seen), worst(latency.seenToday)) <= 1000 ? 'met' : 'NOT met'}`);
for (const problem of problems) console.log(`  first problems: ${problem}`);
const ok = stats.serverErrors === 0 && stats.networkErrors === 0 && stats.refusedTaps === 0
  && stats.acknowledged === Number(stored) && stats.acknowledged > 0 && latency.seen.length > 0
  && latency.seenToday.length > 0;
console.log(ok ? 'PASS: 0 errors, every tap acknowledged once and stored once' : 'FAIL');
process.exit(ok ? 0 : 1);
