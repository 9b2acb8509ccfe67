// 55_life_pages.test.js: the pages of community life (生活): the nav entry, the events of one's compound with one's
// points, signing up from the event page, a published rota.
'use strict';

const L = require('./lib');
const { assert } = L;

const COMPOUND = '学道苑·东南里7号';

async function as(srv, user, method, p, body) {
  return L.api(srv, method, p, { token: await L.token(srv, user), body });
}

L.test('life pages: 生活 lists the compound\'s events and services with my points; a resident signs up on the event page', async () => {
  const srv = await L.sharedServer();
  const node = (await L.compoundByName(srv, 'staff', COMPOUND)).id;
  const t = L.testNow() + 5 * 86400;
  const ev = (await as(srv, 'staff', 'POST', '/api/events', { node_id: node, title: '页面测试：社区音乐会', place: '院坝',
    starts_at: t, ends_at: t + 3600, capacity: 1 })).json;
  const home = await L.get(srv, 'resident', '/life');
  assert.match(home.text, /<a [^>]*href="\/life"[^>]*>生活<\/a>/);
  assert.match(home.text, /我的服务积分/);
  assert.ok(home.text.includes(`/life/events/${ev.id}`), 'the resident\'s own compound by default');
  assert.match(home.text, /服务菜单/);
  const page = await L.get(srv, 'resident', `/life/events/${ev.id}`);
  assert.match(page.text, /我要报名/);
  const post = await L.api(srv, 'POST', `/life/events/${ev.id}/book`, { token: await L.token(srv, 'resident'), rawBody: '',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(post.status, 303);
  assert.equal(post.headers.get('location'), `/life/events/${ev.id}`);
  assert.match((await L.get(srv, 'resident', `/life/events/${ev.id}`)).text, /您已报名成功/);
  // the seat is gone: the next person is offered the waiting list
  assert.match((await L.get(srv, 'bldghead', `/life/events/${ev.id}`)).text, /加入候补/);
  // out of sight: not found
  assert.equal((await L.get(srv, 'resident_other', `/life/events/${ev.id}`, { ok: false })).status, 404);
});
