// Records every request any page, frame or worker of a browser makes, as
// seen by the Network domain of the Chrome DevTools Protocol. Not a
// scenario itself (the runner reads only tests/e2e/scenarios/*.mjs).
//
//   const recorder = await recordRequests(browser);  // right after launch
//   ...
//   recorder.requests   // [{ at, url, method, type, document, initiator, target }]
//                       // target: the type of the target that sent it
//   recorder.mark()     // the number recorded so far, to slice the list later
//
// It attaches to the browser target and auto-attaches, recursively and
// flattened, to every target: tabs, pages, the DevTools window, its
// extension iframes (out-of-process frames) and workers. Each new target
// is held at its start (waitForDebuggerOnStart) until Network is enabled on
// it, so not even a target's first request escapes. Puppeteer holds targets
// the same way on its own sessions; Chromium starts a target once every
// session that holds it lets it run. Targets that already run when
// recording starts are not held: start it before the pages of interest.

/** Starts recording; see the header. */
export async function recordRequests(browser) {
  const requests = [];
  const root = await browser.target().createCDPSession();
  const connection = root.connection();
  const started = Date.now();

  const watch = async (session, target) => {
    // Its URL at attach time goes stale on navigation: the type is kept.
    const label = target?.type ?? 'browser';
    session.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
      const child = connection.session(sessionId);
      if (child) void watch(child, targetInfo);
    });
    session.on('Network.requestWillBeSent', (event) => requests.push({
      at: Date.now() - started,
      url: event.request.url,
      method: event.request.method,
      type: event.type ?? '',
      document: event.documentURL ?? '',
      initiator: initiatorUrl(event.initiator),
      target: label,
    }));
    session.on('Network.webSocketCreated', (event) => requests.push({
      at: Date.now() - started, url: event.url, method: 'GET', type: 'WebSocket',
      document: '', initiator: initiatorUrl(event.initiator), target: label,
    }));

    // In this order on one session: Network is on before the target runs.
    // A tab or the browser has no Network domain; their errors are expected.
    const auto = { autoAttach: true, waitForDebuggerOnStart: true, flatten: true };
    await Promise.all([
      target && session.send('Network.enable').catch(() => {}),
      session.send('Target.setAutoAttach', auto).catch(() => {}),
      target && session.send('Runtime.runIfWaitingForDebugger').catch(() => {}),
    ]);
  };
  await watch(root, null);

  return { requests, mark: () => requests.length };
}

/** One line per request, for a failure message. */
export function describe(list) {
  return list.map((r) => `  ${r.at}ms ${r.method} ${r.url} (${r.type}; document ${r.document
    || '-'}; initiator ${r.initiator || '-'}; target ${r.target})`).join('\n');
}

// The script or document that caused a request: the URL the initiator
// names, else the top of its stack.
function initiatorUrl(initiator) {
  if (!initiator) return '';
  if (initiator.url) return initiator.url;
  let stack = initiator.stack;
  while (stack) {
    const frame = stack.callFrames?.find((f) => f.url);
    if (frame) return frame.url;
    stack = stack.parent;
  }
  return '';
}
