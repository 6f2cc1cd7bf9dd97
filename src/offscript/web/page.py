"""The two pages a phone sees, inline and self-contained: no file, font or script from anywhere else.

Scripts and styles carry the response's nonce (`{nonce}`), the only ones the
Content-Security-Policy lets run. Scenario text reaches the page as JSON and
is put in with `textContent`, never as HTML. Buttons are real buttons with
their option's words as their label, for screen readers; the layout is one
column for a 360-pixel-wide phone.
"""

STYLE = """
:root{color-scheme:light dark;--fg:#111;--bg:#fff;--accent:#0b57d0;--muted:#555}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#111;--accent:#8ab4f8;--muted:#aaa}}
body{font:18px/1.45 system-ui,sans-serif;margin:0;padding:16px;background:var(--bg);color:var(--fg);max-width:40rem}
h1{font-size:1.1rem;margin:0 0 .75rem}p{margin:.5rem 0}.muted{color:var(--muted)}
button,input,select{font:inherit;width:100%;box-sizing:border-box;margin:.35rem 0;padding:.8rem;border-radius:10px}
button{border:2px solid var(--accent);background:transparent;color:var(--fg);text-align:left;min-height:3rem}
button[aria-pressed=true]{background:var(--accent);color:var(--bg)}button[aria-pressed=true]::before{content:"✓ "}
a{color:var(--accent)}ol{padding-left:1.5rem}li{margin:.4rem 0}
#line{border-left:4px solid var(--muted);padding-left:.75rem}#status{font-weight:bold}
"""

LIVE = """
function listen() {  // the browser reconnects by itself after a drop; after a refusal it stops, so start again
  const events = new EventSource(eventsPath);
  events.onmessage = refresh;
  events.onerror = () => {
    $("status").textContent = "Reconnecting…";
    if (events.readyState === EventSource.CLOSED) setTimeout(listen, 3000);
  };
}
document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
refresh(); listen();
</script></body></html>
"""  # the end of both live pages: follow the class's events, and catch up when the phone wakes

JOIN_PAGE = (
    """<!doctype html><html lang=en><head><meta charset=utf-8>
<meta name=viewport content="width=device-width,initial-scale=1"><title>Join the class</title>
<style nonce="{nonce}">"""
    + STYLE
    + """</style></head><body>
<h1>Join the class</h1>
<form method=post action=/join>
<label for=code>The room code on the screen</label>
<input id=code name=code inputmode=numeric autocomplete=off maxlength=6 required>
<label for=nickname>A nickname (optional)</label>
<input id=nickname name=nickname maxlength=24 autocomplete=off>
<div id=teams hidden><label for=team>Your team</label><select id=team name=team></select></div>
<button type=submit>Join</button></form>
<script nonce="{nonce}">
const data = {data};
if (data.teams.length) {
  const select = document.getElementById("team");
  for (const name of data.teams) {
    const option = document.createElement("option");
    option.value = name; option.textContent = name; select.append(option);
  }
  document.getElementById("teams").hidden = false;
}
</script></body></html>
"""
)

PLAY_PAGE = (
    """<!doctype html><html lang=en><head><meta charset=utf-8>
<meta name=viewport content="width=device-width,initial-scale=1"><title>Offscript: vote</title>
<style nonce="{nonce}">"""
    + STYLE
    + """</style></head><body>
<h1 id=title>Offscript</h1>
<p id=status role=status aria-live=polite>Connecting…</p>
<p id=speaker class=muted></p><p id=line></p>
<div id=teams role=group aria-label="Your team" hidden><p>Which team are you in?</p></div>
<div id=options role=group aria-label="The options"></div>
<ol id=results aria-label="The votes"></ol>
<p id=result></p>
<script nonce="{nonce}">
const $ = (id) => document.getElementById(id);
const said = {read: "Listen to the customer.", discuss: "Discuss with the people next to you.",
  vote: "Vote: tap what you would say. You can change your vote until it closes.",
  closed: "Vote closed: look at the screen.", decided: "The class has chosen.",
  ended: "The scenario has ended: thank you."};
let token = "";
function show(view) {
  $("title").textContent = view.title;
  $("status").textContent = said[view.phase] || "";
  $("speaker").textContent = view.speaker || "";
  $("line").textContent = view.line || "";
  const teams = $("teams");
  teams.hidden = !(view.teams.length && !view.team);
  teams.replaceChildren(teams.firstElementChild);
  for (const name of teams.hidden ? [] : view.teams) {
    const button = document.createElement("button");
    button.type = "button"; button.textContent = name;
    button.addEventListener("click", () => post("/team", {team: name}));
    teams.append(button);
  }
  const options = $("options"); options.replaceChildren();
  token = view.token || "";
  for (const option of view.options || []) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = option.number + ". " + option.text;
    button.setAttribute("aria-pressed", String(view.mine === option.number));
    button.addEventListener("click", () => vote(option.number));
    options.append(button);
  }
  const results = $("results"); results.replaceChildren();
  for (const result of view.results || []) {
    const item = document.createElement("li");
    item.textContent = result.text + " (" + result.count + (result.count === 1 ? " vote, " : " votes, ")
      + result.share + "%)";
    results.append(item);
  }
  if (view.results) $("result").textContent = view.mine ? "You voted " + view.mine + "." : "";
  else if (view.chosen) $("result").textContent = "The class chose " + view.chosen.number + ": " + view.chosen.text;
  else $("result").textContent = view.mine ? "Your vote: " + view.mine : "";
}
let busy = false, again = false;
async function refresh() {  // one request at a time; changes that arrive meanwhile fetch once more after it
  if (busy) { again = true; return; }
  busy = true;
  try {
    const response = await fetch("/state", {credentials: "same-origin"});
    if (response.ok) show(await response.json());
    else if (response.status === 401) $("status").textContent = "Join the class again from the code on the screen.";
    else setTimeout(refresh, 2000);  // busy or briefly refused: ask again shortly
  } catch (error) {
    $("status").textContent = "Reconnecting…";
  } finally {
    busy = false;
    if (again) { again = false; refresh(); }
  }
}
async function vote(number) { await post("/vote", {option: number, token}); }
async function post(path, body) {
  let response;
  try {
    response = await fetch(path, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
  } catch (error) {
    $("result").textContent = "Not sent: the connection dropped. Tap again in a moment.";
    return;
  }
  const answer = response.ok ? {} : await response.json().catch(() => ({}));
  await refresh();
  if (!response.ok) $("result").textContent = answer.error || "Not counted.";  // after the redraw, so it stays
}
const eventsPath = "/events";
"""
    + LIVE
)

REMOTE_PAGE = (
    """<!doctype html><html lang=en><head><meta charset=utf-8>
<meta name=viewport content="width=device-width,initial-scale=1"><title>Offscript: the facilitator's remote</title>
<style nonce="{nonce}">"""
    + STYLE
    + """.controls{display:grid;grid-template-columns:1fr 1fr;gap:.5rem}
.controls button{text-align:center}</style></head><body>
<h1 id=title>Offscript</h1>
<p id=status role=status aria-live=polite>Connecting…</p>
<div class=controls role=group aria-label="Controls">
<button type=button data-action=back>◀ Back</button><button type=button data-action=advance>Next ▶</button>
<button type=button data-action=revote>Revote</button><button type=button data-action=blank>Blank</button>
</div>
<p id=line></p><ol id=options></ol><p id=notes class=muted></p><p id=problem role=alert></p>
<script nonce="{nonce}">
const $ = (id) => document.getElementById(id);
const base = location.pathname.split("/").slice(0, 3).join("/");  // /host/SECRET
function show(view) {
  $("title").textContent = view.title;
  $("status").textContent = view.phase + " · decision " + view.decision + " · " + view.votes + " votes in · "
    + view.phones + " phones" + (view.blanked ? " · screen blanked" : "");
  $("line").textContent = view.line || "";
  const options = $("options"); options.replaceChildren();
  (view.options || []).forEach((text, i) => {
    const item = document.createElement("li");
    item.textContent = text + (view.counts ? " (" + view.counts[i] + ")" : "");
    options.append(item);
  });
  $("notes").textContent = view.notes ? "Notes: " + view.notes : "";
}
async function refresh() {
  try {
    const response = await fetch(base + "/state", {credentials: "same-origin"});
    if (response.ok) show(await response.json());
  } catch (error) {
    $("status").textContent = "Reconnecting…";
  }
}
for (const button of document.querySelectorAll("[data-action]")) {
  button.addEventListener("click", async () => {
    let response;
    try {
      response = await fetch(base + "/" + button.dataset.action, {method: "POST", credentials: "same-origin"});
    } catch (error) {
      $("problem").textContent = "Not sent: the connection dropped. Try again in a moment.";
      return;
    }
    const answer = await response.json().catch(() => ({}));
    $("problem").textContent = response.ok ? "" : (answer.error || "Refused.");
    if (response.ok) show(answer);
  });
}
const eventsPath = base + "/events";
"""
    + LIVE
)

REFUSED_PAGE = (
    """<!doctype html><html lang=en><head><meta charset=utf-8>
<meta name=viewport content="width=device-width,initial-scale=1"><title>Offscript: not now</title>
<style nonce="{nonce}">"""
    + STYLE
    + """</style></head><body>
<h1>Not now</h1>
<p id=message role=alert></p>
<p><a href="/">Back to the join page</a></p>
<script nonce="{nonce}">
document.getElementById("message").textContent = {data}.message;
</script></body></html>
"""
)

JOINING_PAGE = """<!doctype html><html lang=en><head><meta charset=utf-8>
<meta name=viewport content="width=device-width,initial-scale=1"><meta http-equiv=refresh content="0;url=/play">
<title>Joining the class</title></head><body><p><a href="/play">Joining the class…</a></p></body></html>
"""
