// Results confirmed while pages are read: the demo organiser enters a game's result (an
// organiser's result stands at once, as a confirmed one does) RATE times a second, each on
// the next played game in turn, for DURATION seconds. Every one announces a result, which
// drops every cached page: this is what readers meet on a busy evening, ten times over.
// Prints how many results stood and how long each took to be acknowledged.
//   node confirm.mjs BASE DURATION [RATE]
const [base, duration = '10', rate = '2'] = process.argv.slice(2);
const origin = { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' };

const signIn = await fetch(`${base}/actions/signin`, {
  method: 'POST', headers: { ...origin, Accept: 'application/json' },
  body: 'login=organiser&secret=cunba-demo-2026',
});
const cookie = signIn.headers.get('set-cookie').split(';')[0];
const games = (await (await fetch(`${base}/api/v1/games`)).json()).games
  .filter((g) => g.home && g.away && new Date(g.starts_at) < new Date() && g.status !== 'postponed' && g.status !== 'cancelled');
if (games.length === 0) throw new Error('no played game to enter a result for');

async function version(id) {
  const html = await (await fetch(`${base}/games/${id}/report`, { headers: { Cookie: cookie } })).text();
  return Number(html.match(/name="version" value="(\d+)"/)[1]);
}

const started = Date.now();
const deadline = started + Number(duration) * 1000;
const every = 1000 / Number(rate);
const times = [];
let stood = 0;
let refused = 0;
let i = 0;
while (Date.now() < deadline) {
  const due = started + i * every;
  if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
  const game = games[i % games.length];
  const home = 60 + (i % 40);
  const body = `version=${await version(game.id)}&key=confirm-${i}-${started}&home=${home}&away=${home + 1}&outcome=played`;
  const sent = performance.now();
  const response = await fetch(`${base}/actions/games/${game.id}/report`, {
    method: 'POST', headers: { ...origin, Accept: 'application/json', Cookie: cookie }, body,
  });
  await response.arrayBuffer();
  times.push(performance.now() - sent);
  if (response.status === 200) stood += 1; else refused += 1;
  i += 1;
}
times.sort((a, b) => a - b);
const p = (q) => (times.length ? times[Math.min(times.length - 1, Math.floor(q * times.length))] : 0).toFixed(1);
console.log(`results stood: ${stood} (${(stood / Number(duration)).toFixed(1)}/s), refused: ${refused}, acknowledged p50 ${p(0.5)} ms, p99 ${p(0.99)} ms`);
