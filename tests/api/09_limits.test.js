// 09_limits.test.js: slow and piled-up sockets cannot lock users out: connections per address, header and body deadlines.
'use strict';

const net = require('node:net');
const L = require('./lib');
const { test, assert } = L;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* Opens a socket from the loopback address `from` (Linux routes all of
 * 127.0.0.0/8 to loopback, so each stands for another client) and, once
 * connected, writes `first` and then `trickle` every `every` ms. Resolves
 * once connected (or refused at once); .closedBy tells when the server ended it. */
function slowSocket(srv, from, { first = '', trickle = '', every = 0 } = {}) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port: srv.port, localAddress: from });
    const st = { s, from, bytesIn: 0, closed: false, timer: null };
    const done = () => resolve(st);
    s.on('connect', () => {
      if (first) s.write(first);
      if (trickle) st.timer = setInterval(() => { if (!s.destroyed) s.write(trickle); }, every);
      done();
    });
    s.on('data', (d) => { st.bytesIn += d.length; });
    s.on('error', () => {}); // a reset is one way for the server to say no
    s.on('close', () => {
      st.closed = true;
      clearInterval(st.timer);
      done();
    });
  });
}

function openCount(socks) {
  return socks.filter((x) => !x.closed).length;
}

/* Waits until pred() holds, up to ms; returns whether it did. */
async function waitFor(pred, ms) {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) return false;
    await sleep(50);
  }
  return true;
}

function destroyAll(socks) {
  for (const x of socks) {
    clearInterval(x.timer);
    x.s.destroy();
  }
}

async function health(srv) {
  const res = await fetch(srv.base + '/api/health', { signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
  return res.status;
}

const PARTIAL = 'GET /api/health HTTP/1.1\r\nHost: gongzhi\r\n';

test('one address holds at most max_connections_per_ip connections; everyone else is still served', async () => {
  // a long header timeout, so that only the per-address limit closes sockets here
  const srv = await L.startServer({ extraArgs: ['--max-connections-per-ip', '20', '--header-timeout', '60'] });
  const socks = [];
  try {
    for (let i = 0; i < 300; i++) socks.push(slowSocket(srv, '127.0.0.2', { first: PARTIAL, trickle: 'X', every: 1000 }));
    for (let i = 0; i < 300; i++) socks.push(slowSocket(srv, '127.0.0.3'));
    const all = await Promise.all(socks);
    const slow = all.filter((x) => x.from === '127.0.0.2');
    const silent = all.filter((x) => x.from === '127.0.0.3');
    await waitFor(() => openCount(slow) <= 20 && openCount(silent) <= 20, 5000);
    assert.equal(openCount(slow), 20, 'the trickling address keeps exactly 20 connections; the rest are refused');
    assert.equal(openCount(silent), 20, 'the silent address keeps exactly 20 connections; the rest are refused');
    assert.equal(await health(srv), 200, 'a normal request from another address is answered');
  } finally {
    destroyAll(await Promise.all(socks));
  }
  await L.stopServer(srv);
});

test('a client that trickles its headers or its body, or sends nothing, is cut after the timeout', async () => {
  const srv = await L.startServer({ extraArgs: ['--header-timeout', '2', '--body-timeout', '2'] });
  const socks = [];
  try {
    for (let i = 0; i < 40; i++) socks.push(slowSocket(srv, '127.0.0.2', { first: PARTIAL, trickle: 'X', every: 300 }));
    for (let i = 0; i < 10; i++) socks.push(slowSocket(srv, '127.0.0.3'));
    const body = 'POST /api/login HTTP/1.1\r\nHost: gongzhi\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n';
    for (let i = 0; i < 10; i++) socks.push(slowSocket(srv, '127.0.0.4', { first: body, trickle: 'x', every: 300 }));
    // one quick request answered, then the next one trickled on the kept-alive connection
    const quick = 'GET /api/health HTTP/1.1\r\nHost: gongzhi\r\n\r\n';
    for (let i = 0; i < 5; i++) socks.push(slowSocket(srv, '127.0.0.5', { first: quick + PARTIAL, trickle: 'X', every: 300 }));
    const all = await Promise.all(socks);
    assert.equal(openCount(all), 65, 'all 65 slow sockets are let in (fewer than the per-address limit each)');
    // 2 s, the watchdog's half-second tick, and slack for a loaded machine;
    // without the deadlines the trickle keeps them open for good
    await waitFor(() => openCount(all) === 0, 8000);
    assert.equal(openCount(all), 0, 'every slow socket was closed by the server');
    const answered = all.filter((x) => x.bytesIn > 0).map((x) => x.from);
    assert.deepEqual(answered, Array(5).fill('127.0.0.5'), 'only the quick requests were answered');
    assert.equal(await health(srv), 200, 'a normal request is answered');
  } finally {
    destroyAll(await Promise.all(socks));
  }
  await L.stopServer(srv);
});

test('an upload that keeps coming at a modest rate outlives the body timeout and is answered', async () => {
  const srv = await L.startServer({ extraArgs: ['--body-timeout', '2'] });
  // 24 KiB at 8 KiB/s: 3 s, longer than the timeout, but well above the 4 KiB/s it allows for
  const piece = 'x'.repeat(800);
  const pieces = 30;
  const answer = await new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port: srv.port });
    let text = '';
    let sent = 0;
    let timer = null;
    s.on('connect', () => {
      s.write(`GET /api/health HTTP/1.1\r\nHost: gongzhi\r\nContent-Type: text/plain\r\nContent-Length: ${piece.length * pieces}\r\n` +
        'Connection: close\r\n\r\n');
      timer = setInterval(() => {
        if (sent < pieces) { s.write(piece); sent++; } else clearInterval(timer);
      }, 100);
    });
    s.on('data', (d) => { text += d; });
    s.on('error', reject);
    s.on('close', () => { clearInterval(timer); resolve({ text, sent }); });
  });
  assert.equal(answer.sent, pieces, 'the whole body was sent');
  assert.equal(answer.text.split('\r\n')[0], 'HTTP/1.1 200 OK');
  await L.stopServer(srv);
});

test('behind a proxy (trust_proxy) the per-address limit is the proxy\'s job: the proxy\'s own connections are not refused', async () => {
  const srv = await L.startServer({ extraArgs: ['--trust-proxy', '--max-connections-per-ip', '5', '--header-timeout', '60'] });
  const socks = [];
  try {
    for (let i = 0; i < 30; i++) socks.push(slowSocket(srv, '127.0.0.2'));
    const all = await Promise.all(socks);
    await sleep(500);
    assert.equal(openCount(all), 30, 'all 30 connections of the proxy address stay open');
  } finally {
    destroyAll(await Promise.all(socks));
  }
  await L.stopServer(srv);
});
