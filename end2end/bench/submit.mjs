// Score submissions with readers running: SUBMITTERS concurrent submitters (the demo
// organiser's corrections, each on a game of its own, so every one is acknowledged at once)
// and READERS concurrent readers of the public pages, for DURATION seconds. Prints the
// acknowledged reports per second and checks that every acknowledged report is stored.
//   node submit.mjs BASE DURATION SQLITE_FILE
import { execFileSync } from 'node:child_process';
import { origin, playedGames, signIn, version as versionOf } from './organiser.mjs';

const [base, duration = '10', dbFile] = process.argv.slice(2);
const SUBMITTERS = Number(process.env.SUBMITTERS ?? 30);
const READERS = Number(process.env.READERS ?? 50);
const headers = origin(base);
const cookie = await signIn(base);
const games = (await playedGames(base)).slice(0, SUBMITTERS);

const deadline = Date.now() + Number(duration) * 1000;
let acknowledged = 0;
let conflicts = 0;
let errors = 0;
let limited = 0;
let rejected = 0;
let reads = 0;
const started = Date.now();

async function submitter(game, n) {
  let v = await versionOf(base, cookie, game.id);
  let i = 0;
  while (Date.now() < deadline) {
    const home = 60 + ((i * 7 + n) % 40);
    const body = `version=${v}&key=bench-${n}-${i}-${started}&home=${home}&away=${home + 1}&outcome=played`;
    const response = await fetch(`${base}/actions/games/${game.id}/report`, {
      method: 'POST', headers: { ...headers, Accept: 'application/json', Cookie: cookie }, body,
    });
    if (response.status === 200) { acknowledged += 1; v += 1; }
    else if (response.status === 409) { conflicts += 1; v = await versionOf(base, cookie, game.id); }
    else if (response.status === 429) { limited += 1; }
    else if (response.status >= 500) { errors += 1; }
    else { rejected += 1; }
    await response.arrayBuffer();
    i += 1;
  }
}

async function reader(n) {
  const pages = ['/', '/standings', `/games/${games[n % games.length].id}`];
  let i = 0;
  while (Date.now() < deadline) {
    const response = await fetch(base + pages[i++ % pages.length]);
    await response.arrayBuffer();
    if (response.status >= 500) errors += 1; else reads += 1;
  }
}

await Promise.all([
  ...games.map((game, n) => submitter(game, n)),
  ...Array.from({ length: READERS }, (_, n) => reader(n)),
]);
const seconds = (Date.now() - started) / 1000;
let stored = 'n/a';
if (dbFile) {
  stored = execFileSync('python3', ['-c',
    `import sqlite3; print(sqlite3.connect(${JSON.stringify(dbFile)}).execute("select count(*) from score_report where idempotency_key like 'bench-%'").fetchone()[0])`,
  ]).toString().trim();
}
console.log(`${games.length} submitters, ${READERS} readers, ${seconds.toFixed(1)} s`);
console.log(`acknowledged reports: ${acknowledged} (${(acknowledged / seconds).toFixed(1)}/s), stored: ${stored}, conflicts: ${conflicts}, rate-limited: ${limited}, rejected: ${rejected}, server errors (5xx): ${errors}`);
console.log(`pages read meanwhile: ${reads} (${(reads / seconds).toFixed(1)}/s)`);
