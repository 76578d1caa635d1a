// Results confirmed while pages are read: the demo organiser enters a game's result (an
// organiser's result stands at once, as a confirmed one does) RATE times a second, each on
// the next played game in turn, for DURATION seconds. Every one announces a result, which
// drops every cached page: this is what readers meet on a busy evening, ten times over.
// Prints how many results stood and how long each took to be acknowledged.
//   node confirm.mjs BASE DURATION [RATE]
import { origin, playedGames, signIn, version } from './organiser.mjs';

const [base, duration = '10', rate = '2'] = process.argv.slice(2);
const headers = origin(base);
const cookie = await signIn(base);
const games = await playedGames(base);
if (games.length === 0) throw new Error('no played game to enter a result for');

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
  const body = `version=${await version(base, cookie, game.id)}&key=confirm-${i}-${started}&home=${home}&away=${home + 1}&outcome=played`;
  const sent = performance.now();
  const response = await fetch(`${base}/actions/games/${game.id}/report`, {
    method: 'POST', headers: { ...headers, Accept: 'application/json', Cookie: cookie }, body,
  });
  await response.arrayBuffer();
  times.push(performance.now() - sent);
  if (response.status === 200) stood += 1; else refused += 1;
  i += 1;
}
times.sort((a, b) => a - b);
const p = (q) => (times.length ? times[Math.min(times.length - 1, Math.floor(q * times.length))] : 0).toFixed(1);
console.log(`results stood: ${stood} (${(stood / Number(duration)).toFixed(1)}/s), refused: ${refused}, acknowledged p50 ${p(0.5)} ms, p99 ${p(0.99)} ms`);
