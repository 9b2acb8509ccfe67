// 74_notify_mail.test.js: email through SMTP (libcurl) to a local SMTP sink on loopback started here.
// An SMTP server is a channel (smtp:// or smtps://; loopback only on test servers) whose login and
// password are never shown back nor logged; a person gives an address (shown masked) and chooses a
// mail per notice or a daily digest; quiet hours hold a non-urgent mail until they end while an urgent
// one goes at once (the clock is moved, never waited for); the leader's job builds one digest per
// person per Shanghai day, catches up the days a downtime missed, and never builds one twice.
'use strict';

const L = require('./lib');
const { smtpSink } = require('./smtp_sink');
const { test, assert } = L;

const PILOT = '学道苑·东南里7号';
const PASSWORD = 'pw-SMTP-s3cret-9';
const LOGIN = 'mailer-login-77';

async function keysFor(s, users) {
  const keys = {};
  for (const u of users) {
    const t = await L.api(s, 'POST', '/api/tokens', { token: await L.token(s, u), body: { label: 'mail test' } });
    L.expectStatus(t, 201, 'token for ' + u);
    keys[u] = t.json.token;
  }
  return (user, method, p, body) => L.api(s, method, p, { token: keys[user], body });
}

async function pilot(s) {
  const c = await L.compoundByName(s, 'staff', PILOT);
  const node = (await L.get(s, 'staff', `/api/nodes/${c.id}`)).json;
  const building = (node.children || node.items || []).find((k) => k.kind === 'building');
  return { compound: c, building };
}

async function waitFor(what, fn, ms = 20000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('timed out waiting for ' + what);
    await L.sleep(100);
  }
}

const minuteOf = (t) => Math.floor((((t + 8 * 3600) % 86400) + 86400) % 86400 / 60);
const dayText = (t) => new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 10);

async function smtpChannel(call, compound, sink) {
  const ch = await call('staff', 'POST', '/api/channels', {
    platform: 'smtp', node_id: compound.id, name: '物业邮件', url: sink.url, username: LOGIN, secret: PASSWORD, from: 'noreply@gongzhi.example.cn',
  });
  L.expectStatus(ch, 201, 'smtp channel');
  return ch.json;
}

async function mailsOf(call, state) {
  const out = [];
  for (let before = 0; ;) {
    const page = (await call('staff', 'GET', `/api/mails?state=${state}${before ? `&before=${before}` : ''}`)).json;
    out.push(...page.items);
    if (page.next === null) return out;
    before = page.next;
  }
}

test('notify mail: an SMTP channel takes smtp(s):// and a sender address; its login and password are never shown back nor logged', async () => {
  const sink = await smtpSink();
  const s = await L.startServer();
  try {
    const call = await keysFor(s, ['staff', 'resident']);
    const { compound, building } = await pilot(s);
    const base = { platform: 'smtp', node_id: compound.id, name: '邮件', url: sink.url, from: 'noreply@gongzhi.example.cn' };
    L.expectError(await call('staff', 'POST', '/api/channels', { ...base, url: 'http://mail.example.cn' }), 400, 'bad_value', 'url');
    L.expectError(await call('staff', 'POST', '/api/channels', { ...base, url: 'smtp://user:pw@mail.example.cn' }), 400, 'bad_value', 'url');
    L.expectError(await call('staff', 'POST', '/api/channels', { ...base, from: 'not an address' }), 400, 'bad_value', 'from');
    L.expectError(await call('staff', 'POST', '/api/channels', { ...base, username: LOGIN }), 400, 'bad_value', 'secret');
    L.expectError(await call('staff', 'POST', '/api/channels', { ...base, platform: 'wecom', url: 'https://qyapi.weixin.qq.com/x', from: 'a@b.cn' }), 400, 'bad_value', 'from');
    L.expectError(await call('resident', 'POST', '/api/channels', base), 403, 'forbidden');
    const ch = await call('staff', 'POST', '/api/channels', { ...base, url: 'smtps://smtp.example.cn:465', username: LOGIN, secret: PASSWORD });
    L.expectStatus(ch, 201, 'smtps');
    assert.equal(ch.json.platform, 'smtp');
    assert.equal(ch.json.host, 'smtps://smtp.example.cn:465');
    assert.equal(ch.json.from, 'noreply@gongzhi.example.cn');
    assert.equal(ch.json.signed, true);
    assert.ok(!ch.text.includes(PASSWORD), 'the password is not shown back');
    assert.ok(!ch.text.includes(LOGIN), 'the login is not shown back');
    const list = await call('staff', 'GET', '/api/channels');
    assert.ok(list.json.items.some((i) => i.id === ch.json.id));
    assert.ok(!list.text.includes(PASSWORD), 'not in the list');
    assert.ok(!list.text.includes(LOGIN), 'not in the list');
    L.expectStatus(await call('staff', 'POST', `/api/channels/${ch.json.id}/disable`), 200, 'disabled');
    // the loopback sink, used to send one mail: neither credential reaches the log
    await smtpChannel(call, compound, sink);
    L.expectStatus(await call('resident', 'POST', '/api/subscriptions', { muted: '', quiet_start: 0, quiet_end: 0, email: 'resident@example.cn', email_mode: 'each' }), 200, 'subscribed');
    const o = await call('resident', 'POST', '/api/workorders', { category: 'streetlight', node_id: building.id, description: '路灯不亮' });
    L.expectStatus(o, 201, 'report');
    await waitFor('the mail', () => sink.got.find((m) => m.subject === `【公治】工单 #${o.json.id}：新报事`));
    assert.deepEqual(sink.logins, [LOGIN], 'the sender logged in with the channel\'s login');
    const log = L.readLog(s);
    assert.ok(!log.includes(PASSWORD), 'the password is not in the log');
  } finally {
    await L.stopServer(s);
    await sink.close();
  }
});

test('notify mail: a mail per notice to the person\'s address; quiet hours hold a non-urgent one until they end, an urgent one goes at once', async () => {
  const sink = await smtpSink();
  const s = await L.startServer();
  try {
    const call = await keysFor(s, ['staff', 'resident', 'resident_other', 'grid8', 'admin']);
    const { compound, building } = await pilot(s);
    await smtpChannel(call, compound, sink);
    L.expectError(await call('resident', 'POST', '/api/subscriptions', { muted: '', quiet_start: 0, quiet_end: 0, email: 'no-at-sign', email_mode: 'each' }), 400, 'bad_value', 'email');
    L.expectError(await call('resident_other', 'POST', '/api/subscriptions', { muted: '', quiet_start: 0, quiet_end: 0, email_mode: 'each' }), 400, 'bad_value', 'email');
    L.expectError(await call('resident', 'POST', '/api/subscriptions', { muted: '', quiet_start: 0, quiet_end: 0, email: 'a@b.cn', email_mode: 'weekly' }), 400, 'bad_value', 'email_mode');
    L.expectStatus(await call('resident', 'POST', '/api/subscriptions', { muted: '', quiet_start: 0, quiet_end: 0, email: 'resident@example.cn', email_mode: 'each' }), 200, 'subscribed');
    assert.deepEqual((await call('resident', 'GET', '/api/subscriptions')).json,
      { muted: '', quiet_start: 0, quiet_end: 0, email: 'r***@example.cn', email_mode: 'each', email_types: '' }, 'the address is shown masked');
    const leak = await call('resident', 'POST', '/api/workorders', { category: 'leak', node_id: building.id, description: '楼道漏水' });
    L.expectStatus(leak, 201, 'report');
    const first = await waitFor('the mail', () => sink.got.find((m) => m.subject === `【公治】工单 #${leak.json.id}：新报事`));
    assert.deepEqual(first.to, ['resident@example.cn']);
    assert.equal(first.from, 'noreply@gongzhi.example.cn');
    assert.ok(first.body.includes(`/workorders/${leak.json.id}`), 'a link back to the page');
    // quiet hours from 25 h on for two hours: the leak is overdue (urgent) then
    const now = (await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 0 })).json.now;
    const start = minuteOf(now + 25 * 3600);
    const end = (start + 120) % 1440;
    L.expectStatus(await call('resident', 'POST', '/api/subscriptions', { muted: '', quiet_start: start, quiet_end: end }), 200, 'quiet hours');
    assert.equal((await call('resident', 'GET', '/api/subscriptions')).json.email_mode, 'each', 'the email choice is kept');
    L.expectStatus(await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 25 * 3600 }), 200, 'clock');
    const late = await call('resident', 'POST', '/api/workorders', { category: 'streetlight', node_id: building.id, description: '路灯闪烁' });
    L.expectStatus(late, 201, 'report in quiet hours');
    const held = await waitFor('the held mail', async () => (await mailsOf(call, 'pending')).find((m) => m.subject === `【公治】工单 #${late.json.id}：新报事`));
    const t = (await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 0 })).json.now;
    const quietEnd = t - (minuteOf(t) - start) * 60 - (((t % 60) + 60) % 60) + 120 * 60;
    assert.equal(Date.parse(held.next_at) / 1000, quietEnd, 'held until the quiet hours end');
    L.expectStatus(await call('grid8', 'POST', '/api/workorders/sweep'), 200, 'sweep');
    const urgent = await waitFor('the urgent mail', () => sink.got.find((m) => m.subject === `【公治】工单 #${leak.json.id}：已超时`));
    assert.deepEqual(urgent.to, ['resident@example.cn'], 'the overdue notice went in the quiet hours');
    assert.equal(sink.got.filter((m) => m.subject === `【公治】工单 #${late.json.id}：新报事`).length, 0, 'the non-urgent one waits');
    assert.equal((await mailsOf(call, 'pending')).find((m) => m.id === held.id).state, 'pending');
    L.expectStatus(await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 121 * 60 }), 200, 'clock past the quiet hours');
    await waitFor('the held mail sent', () => sink.got.find((m) => m.subject === `【公治】工单 #${late.json.id}：新报事`));
    const sent = (await mailsOf(call, 'sent')).find((m) => m.id === held.id);
    assert.equal(sent.attempts, 1);
    assert.equal(sent.last_outcome, 'delivered');
    // another person's notices never reach this address
    assert.ok(sink.got.every((m) => m.to.length === 1 && m.to[0] === 'resident@example.cn'));
  } finally {
    await L.stopServer(s);
    await sink.close();
  }
});

test('notify mail: an unreachable SMTP server is retried with backoff, then failed, shown to admins and re-sent', async () => {
  let refuse = true;
  const sink = await smtpSink({ reject: () => refuse });
  const s = await L.startServer();
  try {
    const call = await keysFor(s, ['staff', 'resident', 'resident_other', 'admin']);
    const { compound, building } = await pilot(s);
    await smtpChannel(call, compound, sink);
    L.expectStatus(await call('resident', 'POST', '/api/subscriptions', { muted: '', quiet_start: 0, quiet_end: 0, email: 'resident@example.cn', email_mode: 'each' }), 200, 'subscribed');
    const o = await call('resident', 'POST', '/api/workorders', { category: 'streetlight', node_id: building.id, description: '路灯坏了' });
    const subject = `【公治】工单 #${o.json.id}：新报事`;
    let m = await waitFor('a failed attempt', async () => (await mailsOf(call, 'pending')).find((x) => x.subject === subject && x.attempts >= 1));
    assert.equal(m.last_outcome, 'temporary', JSON.stringify(m));
    for (let i = 0; i < 10 && m.state !== 'failed'; i++) {
      L.expectStatus(await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 3601 }), 200, 'clock');
      const before = m.attempts;
      m = await waitFor('the next attempt', async () => [...await mailsOf(call, 'pending'), ...await mailsOf(call, 'failed')].find((x) => x.id === m.id && (x.attempts > before || x.state === 'failed')));
    }
    assert.equal(m.state, 'failed');
    assert.equal(m.attempts, 8);
    assert.ok(!JSON.stringify(m).includes('resident@example.cn'), 'the admins\' list does not show the address');
    L.expectError(await call('resident', 'POST', `/api/mails/${m.id}/resend`, {}), 403, 'forbidden');
    // the admins' page shows it with its attempts and a re-send button; the address is not on it
    const page = await call('staff', 'GET', '/notify/admin');
    L.expectStatus(page, 200, 'admin page');
    assert.ok(page.text.includes(subject), 'the failed mail is listed');
    assert.ok(page.text.includes(`action="/notify/admin/mails/${m.id}/resend"`), 'with a re-send form');
    assert.ok(page.text.includes('物业邮件') && page.text.includes('邮件服务器'), 'the channels are listed');
    assert.ok(!page.text.includes('resident@example.cn'), 'no address on the page');
    L.expectStatus(await call('resident', 'GET', '/notify/admin'), 403, 'not for residents');
    L.expectStatus(await call('staff', 'POST', `/notify/admin/other/${m.id}/resend`), 404, 'unknown kind');
    refuse = false;
    const re = await call('staff', 'POST', `/notify/admin/mails/${m.id}/resend`);
    L.expectStatus(re, 303, 'resend from the page');
    assert.equal(re.headers.get('location'), '/notify/admin?resent=1');
    await waitFor('the re-sent mail', () => sink.got.find((x) => x.subject === subject));
    L.expectError(await call('staff', 'POST', `/api/mails/${m.id}/resend`, {}), 409, 'not_failed');
  } finally {
    await L.stopServer(s);
    await sink.close();
  }
});

test('notify mail: one daily digest per person per day, built by the leader\'s job, caught up after a downtime, never twice', async () => {
  const sink = await smtpSink();
  const db = L.pristineDb();
  // first a server whose job ran once at its start and not again (an hour's period): the days pass unseen
  let s = await L.startServer({ db, extraArgs: ['--jobs-period', '3600'] });
  try {
    let call = await keysFor(s, ['staff', 'resident', 'admin']);
    const { compound, building } = await pilot(s);
    await smtpChannel(call, compound, sink);
    L.expectStatus(await call('resident', 'POST', '/api/subscriptions', { muted: '', quiet_start: 0, quiet_end: 0, email: 'resident@example.cn', email_mode: 'daily' }), 200, 'daily');
    const t0 = (await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 0 })).json.now;
    const days = [dayText(t0), dayText(t0 + 86400), dayText(t0 + 2 * 86400)];
    const ids = [];
    for (let d = 0; d < 3; d++) {
      for (let k = 0; k < d + 1; k++) {
        const o = await call('resident', 'POST', '/api/workorders', { category: 'streetlight', node_id: building.id, description: `第${d + 1}天报事${k + 1}` });
        L.expectStatus(o, 201, 'report');
        ids.push([d, o.json.id]);
      }
      L.expectStatus(await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 86400 }), 200, 'next day');
    }
    assert.equal(sink.got.length, 0, 'daily: no mail per notice');
    // the downtime: the server dies; its successor runs the job every second and sees the three days missed
    await L.killServer(s);
    s = await L.startServer({ db, extraArgs: ['--jobs-period', '1'] });
    call = await keysFor(s, ['staff', 'admin']);
    L.expectStatus(await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 3 * 86400 + 600 }), 200, 'back three days later');
    await waitFor('three digests', () => sink.got.length >= 3);
    for (let d = 0; d < 3; d++) {
      const mine = sink.got.filter((m) => m.subject.startsWith(`【公治】${days[d]} 通知摘要`));
      assert.equal(mine.length, 1, `one digest for ${days[d]}`);
      assert.equal(mine[0].subject, `【公治】${days[d]} 通知摘要（${d + 1} 条）`);
      for (const [dd, id] of ids) assert.equal(mine[0].body.includes(`/workorders/${id}\n`), dd === d, `order ${id} in the digest of its day only`);
    }
    // the job keeps running: nothing is built twice, neither by the next rounds nor by a restart
    await L.sleep(2500);
    await L.stopServer(s);
    s = await L.startServer({ db, extraArgs: ['--jobs-period', '1'] });
    call = await keysFor(s, ['staff', 'admin']);
    L.expectStatus(await call('admin', 'POST', '/api/debug/clock', { shift_seconds: 3 * 86400 + 900 }), 200, 'the same day again');
    await L.sleep(2500);
    const digests = (await mailsOf(call, '')).filter((m) => m.kind === 'digest');
    assert.equal(digests.length, 3, 'three digests in the outbox');
    assert.equal(sink.got.length, 3, 'three mails received');
  } finally {
    await L.stopServer(s);
    await sink.close();
  }
});
