// The load test that counts (issue #8): READERS simulated readers (default 1,000) read the
// public pages and the JSON API over keep-alive connections at a reader's pace, while
// CAPTAINS captains (default 30, signed in as the demo's captain1..captain12) send score
// reports for SECONDS. Every request goes to one of the servers in BASES (comma-separated:
// two instances sharing one PostgreSQL database share the work). Afterwards the reports are
// counted in the database: acknowledged must equal stored, and no answer may be a 5xx.
//
//   node scripts/load.mjs BASES SECONDS DATABASE
//   DATABASE: sqlite://FILE or postgres://USER@HOST:PORT/DB (read with sqlite3 / psql)
//
// Each captain client owns one started game of its team, set back to "not reported" before
// the run, so its reports are all acknowledged (a captain may replace the open report of
// their own team until the other side answers); the server must run with a report limit
// that allows a report a second per client (`cunba serve --report-limit`).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const [basesArg, secondsArg = '60', database] = process.argv.slice(2);
if (!basesArg || !database) {
  console.error('usage: node scripts/load.mjs BASES SECONDS DATABASE');
  process.exit(2);
}
const bases = basesArg.split(',');
const SECONDS = Number(secondsArg);
const READERS = Number(process.env.READERS ?? 1000);
const CAPTAINS = Number(process.env.CAPTAINS ?? 30);
// Mean pause between two pages of one reader, and between two reports of one captain.
const READ_PAUSE_MS = Number(process.env.READ_PAUSE_MS ?? 3000);
const REPORT_PAUSE_MS = Number(process.env.REPORT_PAUSE_MS ?? 1000);
const PIN = '123456';
const runId = `load-${Date.now().toString(36)}`;

async function sql(query) {
  const { stdout } = database.startsWith('sqlite://')
    ? await run('sqlite3', ['-batch', '-separator', '|', database.slice('sqlite://'.length), query])
    : await run('psql', [database, '-v', 'ON_ERROR_STOP=1', '-Atc', query]);
  return stdout.split('\n').filter(Boolean).map((line) => line.split('|'));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// A pause drawn uniformly around the mean, so clients do not march in step.
const pause = (mean) => sleep(mean * (0.2 + 1.6 * Math.random()));

// --- preparation: captains, their games, their sessions ------------------------------
const captains = (await sql(
  "SELECT username, team_id FROM app_user WHERE team_id IS NOT NULL AND username LIKE 'captain%' ORDER BY id",
)).map(([username, team]) => ({ username, team: Number(team) }));
const fixtures = (await (await fetch(`${bases[0]}/api/v1/games`)).json()).games;
const now = Date.now();
const started = fixtures.filter((g) => g.home && g.away && Date.parse(g.starts_at) < now
  && g.status !== 'cancelled' && g.status !== 'postponed');
const captainTeams = new Set(captains.map((c) => c.team));
const taken = new Set();
const clients = [];
for (let i = 0; i < CAPTAINS; i += 1) {
  const preferred = captains[i % captains.length];
  let game = started.find((g) => !taken.has(g.id) && (g.home.id === preferred.team || g.away.id === preferred.team));
  let captain = preferred;
  if (!game) {
    game = started.find((g) => !taken.has(g.id) && (captainTeams.has(g.home.id) || captainTeams.has(g.away.id)));
    if (!game) break;
    captain = captains.find((c) => c.team === game.home.id || c.team === game.away.id);
  }
  taken.add(game.id);
  clients.push({ n: i, captain, game: game.id });
}
if (clients.length < CAPTAINS) {
  console.error(`only ${clients.length} started games with a captain's team for ${CAPTAINS} captains`);
  process.exit(1);
}
const ids = clients.map((c) => c.game).join(',');
await sql(`DELETE FROM score_report WHERE game_id IN (${ids})`);
await sql(`UPDATE game SET status = 'scheduled', home_score = NULL, away_score = NULL, period_scores = NULL, box_score = NULL, outcome = NULL WHERE id IN (${ids})`);
const versions = new Map((await sql(`SELECT id, version FROM game WHERE id IN (${ids})`))
  .map(([id, version]) => [Number(id), Number(version)]));

const cookies = new Map();
for (const [i, captain] of [...new Set(clients.map((c) => c.captain))].entries()) {
  const base = bases[i % bases.length];
  for (;;) {
    const response = await fetch(`${base}/actions/signin`, {
      method: 'POST',
      headers: { Origin: base, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `login=${captain.username}&secret=${PIN}`,
    });
    await response.arrayBuffer();
    if (response.status === 200) {
      cookies.set(captain.username, response.headers.get('set-cookie').split(';')[0]);
      break;
    }
    if (response.status !== 429) throw new Error(`sign-in of ${captain.username}: ${response.status}`);
    await sleep(7000); // the sign-in limit per address: 10 a minute
  }
}

// --- the run -------------------------------------------------------------------------
const competitions = (await (await fetch(`${bases[0]}/api/v1/competitions`)).json()).map((c) => c.id);
const teams = [...new Set(fixtures.flatMap((g) => [g.home?.id, g.away?.id]).filter(Boolean))];
const pages = [
  () => '/',
  () => '/standings',
  () => '/fixtures',
  () => `/games/${pick(fixtures).id}`,
  () => `/teams/${pick(teams)}`,
  () => '/api/v1/games',
  () => `/api/v1/games/${pick(fixtures).id}`,
  () => `/api/v1/competitions/${pick(competitions)}/standings`,
  () => `/api/v1/teams/${pick(teams)}`,
];
function pick(list) { return list[Math.floor(Math.random() * list.length)]; }

const stats = {
  reads: 0, reports: 0, serverErrors: 0, networkErrors: 0, acknowledged: 0,
  conflicts: 0, limited: 0, rejected: 0,
};
const latency = { read: [], report: [] };
// When each timed request began (performance.now()), for the p99 of each stretch of the run.
const began = { read: [], report: [] };
// What each read asked for, by kind of page (`/games/:id`), for DETAIL=1.
const asked = [];
const kindOf = (url) => new URL(url).pathname.replace(/\/\d+/g, '/:id');
const firstProblems = [];
const note = (text) => { if (firstProblems.length < 5) firstProblems.push(text); };
const started_at = Date.now();
const deadline = started_at + SECONDS * 1000;

async function timed(kind, url, init) {
  const t0 = performance.now();
  try {
    const response = await fetch(url, init);
    const body = await response.text();
    latency[kind].push(performance.now() - t0);
    began[kind].push(t0);
    if (kind === 'read') asked.push(kindOf(url));
    if (response.status >= 500) {
      stats.serverErrors += 1;
      note(`${response.status} ${url}: ${body.slice(0, 200)}`);
    }
    return { status: response.status, body };
  } catch (error) {
    stats.networkErrors += 1;
    note(`${url}: ${error.cause?.code ?? error.message}`);
    return { status: 0, body: '' };
  }
}

async function reader(n) {
  const base = bases[n % bases.length];
  await sleep(Math.random() * READ_PAUSE_MS); // arrive spread out
  while (Date.now() < deadline) {
    await timed('read', base + pick(pages)());
    stats.reads += 1;
    await pause(READ_PAUSE_MS);
  }
}

async function captain(client) {
  const base = bases[client.n % bases.length];
  const cookie = cookies.get(client.captain.username);
  let i = 0;
  await sleep(Math.random() * REPORT_PAUSE_MS);
  while (Date.now() < deadline) {
    const home = 50 + ((i * 7 + client.n) % 50);
    const key = `${runId}-${client.n}-${i}`;
    const body = `version=${versions.get(client.game)}&key=${key}&home=${home}&away=${home + 2}&outcome=played`;
    i += 1;
    const answer = await timed('report', `${base}/actions/games/${client.game}/report`, {
      method: 'POST',
      headers: {
        Origin: base, Accept: 'application/json', Cookie: cookie,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body,
    });
    stats.reports += 1;
    if (answer.status === 200) {
      stats.acknowledged += 1;
      versions.set(client.game, versions.get(client.game) + 1);
    } else if (answer.status === 409) {
      stats.conflicts += 1;
      const [[version]] = await sql(`SELECT version FROM game WHERE id = ${client.game}`);
      versions.set(client.game, Number(version));
    } else if (answer.status === 429) {
      stats.limited += 1;
    } else if (answer.status > 0 && answer.status < 500) {
      stats.rejected += 1;
      note(`report ${answer.status}: ${answer.body.slice(0, 200)}`);
    }
    await pause(REPORT_PAUSE_MS);
  }
}

await Promise.all([
  ...Array.from({ length: READERS }, (_, n) => reader(n)),
  ...clients.map(captain),
]);
const seconds = (Date.now() - started_at) / 1000;
const [[stored]] = await sql(`SELECT COUNT(*) FROM score_report WHERE idempotency_key LIKE '${runId}-%'`);

function percentile(list, p) {
  if (list.length === 0) return 'n/a';
  const sorted = [...list].sort((a, b) => a - b);
  return `${sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1)} ms`;
}
const requests = stats.reads + stats.reports;
console.log(`${bases.length} server(s) [${bases.join(', ')}], ${READERS} readers, ${clients.length} captains (${cookies.size} accounts), ${seconds.toFixed(1)} s`);
console.log(`requests: ${requests} (${(requests / seconds).toFixed(0)}/s): ${stats.reads} reads, ${stats.reports} reports`);
console.log(`reads    p50 ${percentile(latency.read, 50)}  p99 ${percentile(latency.read, 99)}`);
console.log(`reports  p50 ${percentile(latency.report, 50)}  p99 ${percentile(latency.report, 99)}`);
// The same by stretches of WINDOW seconds: whether the tail is the first seconds (cold
// caches, connections opened) or spread over the run.
const WINDOW = Number(process.env.WINDOW ?? 10);
const t_zero = performance.now() - (Date.now() - started_at);
for (const kind of ['read', 'report']) {
  const windows = [];
  latency[kind].forEach((ms, i) => {
    const w = Math.floor((began[kind][i] - t_zero) / 1000 / WINDOW);
    (windows[w] ??= []).push(ms);
  });
  const each = Array.from({ length: windows.length }, (_, w) => `${w * WINDOW}s ${percentile(windows[w] ?? [], 99)}`);
  console.log(`${kind}s p99 by ${WINDOW} s: ${each.join(', ')}`);
}
if (process.env.DETAIL) {
  // Where the first window's tail is: p99 second by second, and the kinds of its slowest reads.
  const first = latency.read.map((ms, i) => ({ ms, at: (began.read[i] - t_zero) / 1000, kind: asked[i] }))
    .filter((r) => r.at < WINDOW);
  const seconds = Array.from({ length: WINDOW }, (_, s) => `${s}s ${percentile(first.filter((r) => Math.floor(r.at) === s).map((r) => r.ms), 99)}`);
  console.log(`reads p99 by second in the first ${WINDOW} s: ${seconds.join(', ')}`);
  const slow = first.sort((a, b) => b.ms - a.ms).slice(0, Math.ceil(first.length / 100));
  const kinds = {};
  for (const r of slow) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
  console.log(`slowest 1% of those reads by page: ${Object.entries(kinds).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
}
console.log(`server errors (5xx): ${stats.serverErrors}   network errors: ${stats.networkErrors}`);
console.log(`reports acknowledged: ${stats.acknowledged}   stored in the database: ${stored}   (conflicts ${stats.conflicts}, rate-limited ${stats.limited}, rejected ${stats.rejected})`);
for (const problem of firstProblems) console.log(`  first problems: ${problem}`);
const ok = stats.serverErrors === 0 && stats.networkErrors === 0 && stats.acknowledged === Number(stored)
  && stats.acknowledged > 0;
console.log(ok ? 'PASS: 0 server errors, acknowledged = stored' : 'FAIL');
process.exit(ok ? 0 : 1);
