// What the bench scripts share: the demo organiser signed in, the games already played (an
// organiser's result on them stands at once), and a game's version from its report form.
export const origin = (base) => ({ Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' });

/** The demo organiser's session cookie. */
export async function signIn(base) {
  const response = await fetch(`${base}/actions/signin`, {
    method: 'POST', headers: { ...origin(base), Accept: 'application/json' },
    body: 'login=organiser&secret=cunba-demo-2026',
  });
  return response.headers.get('set-cookie').split(';')[0];
}

/** The games with both teams that have started and are neither postponed nor cancelled. */
export async function playedGames(base) {
  return (await (await fetch(`${base}/api/v1/games`)).json()).games
    .filter((g) => g.home && g.away && new Date(g.starts_at) < new Date() && g.status !== 'postponed' && g.status !== 'cancelled');
}

/** The version the game's report form carries now. */
export async function version(base, cookie, id) {
  const html = await (await fetch(`${base}/games/${id}/report`, { headers: { Cookie: cookie } })).text();
  return Number(html.match(/name="version" value="(\d+)"/)[1]);
}
