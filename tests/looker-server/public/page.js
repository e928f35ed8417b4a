// The scenario page: reads ?run= and ?api=, runs the scenarios in order and
// shows each outcome. Tests read `window.scenarioResults` or the list items
// (data-name, data-outcome, data-status) once <html data-state="done">.
//
//   ?run=all | none | name[,name...]   default: the listener's defaultRun
//   ?api=same | legacy | closed | https | main | <origin>

import { LookerTransport } from './transport.js';
import { SCENARIOS } from './scenarios.js';

const config = JSON.parse(document.getElementById('config').textContent);
const params = new URLSearchParams(location.search);
const results = {};
let transport = null;
let sessionPromise = null;

window.scenarioResults = results;
try {
  const apiOrigin = resolveApi(params.get('api') ?? config.defaultApi);
  transport = new LookerTransport(apiOrigin);
  document.getElementById('api-origin').textContent = apiOrigin;
  renderButtons();
  runAll(selected(params.get('run') ?? config.defaultRun));
} catch (err) {
  // A typo in ?run= or ?api= must fail loudly, not look like a quiet page.
  console.error('[looker-test-page]', err);
  setState('error');
  document.getElementById('state').textContent = `error: ${err.message}`;
}

function resolveApi(name) {
  if (name in config.apiOrigins) return config.apiOrigins[name];
  if (/^https?:\/\/[^/]+$/.test(name)) return name;
  throw new Error(`unknown ?api=${name}`);
}

function selected(run) {
  if (run === 'none') return [];
  if (run === 'all') return SCENARIOS;
  const names = run.split(',').map((n) => n.trim()).filter(Boolean);
  for (const name of names) {
    if (!SCENARIOS.some((s) => s.name === name)) throw new Error(`unknown scenario ${name}`);
  }
  return names.map((name) => SCENARIOS.find((s) => s.name === name));
}

// One login per page, shared by the scenarios that need a token.
function session() {
  if (!sessionPromise) {
    const { clientId, clientSecret } = config.credentials;
    sessionPromise = transport.login(clientId, clientSecret);
    return sessionPromise.then((s) => ({ ...s, fresh: true }));
  }
  return sessionPromise.then((s) => ({ ...s, fresh: false }));
}

async function runAll(scenarios) {
  document.getElementById('run-list').textContent =
    scenarios.map((s) => s.name).join(',') || 'none';
  setState('running');
  for (const scenario of scenarios) {
    const done = runOne(scenario);
    if (!scenario.neverEnds) await done;
  }
  setState('done');
}

async function runOne(scenario) {
  const item = resultItem(scenario.name);
  item.dataset.outcome = 'pending';
  item.textContent = `${scenario.name}: running`;
  const api = { transport, credentials: config.credentials, session };

  let calls;
  try {
    calls = await scenario.run(api);
  } catch (err) {
    calls = [{ error: `page error: ${err}` }];
    console.error('[looker-test-page]', scenario.name, err);
  }

  const last = calls[calls.length - 1] ?? {};
  const outcome = last.error ? 'network-error' : last.ok ? 'ok' : 'http-error';
  results[scenario.name] = { outcome, status: last.status, error: last.error, calls };
  item.dataset.outcome = outcome;
  item.dataset.status = String(last.status ?? 0);
  // textContent only: hostile bodies must not run in this page either.
  item.textContent = `${scenario.name}: ` + calls
    .map((c) => c.error ?? `${c.method} ${new URL(c.url).pathname} → ${c.status}`)
    .join(' · ');
}

function resultItem(name) {
  const list = document.getElementById('results');
  let item = list.querySelector(`li[data-name="${name}"]`);
  if (!item) {
    item = document.createElement('li');
    item.dataset.name = name;
    list.append(item);
  }
  return item;
}

function renderButtons() {
  const box = document.getElementById('buttons');
  for (const scenario of SCENARIOS) {
    const button = document.createElement('button');
    button.textContent = scenario.name;
    button.title = scenario.about;
    button.dataset.scenario = scenario.name;
    button.addEventListener('click', () => runOne(scenario));
    box.append(button);
  }
}

function setState(state) {
  document.documentElement.dataset.state = state;
  document.getElementById('state').textContent = state;
}
