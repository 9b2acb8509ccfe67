// 91_deploy.test.js: the deployment examples in deploy/ are accepted by the tools that will load them:
// systemd-analyze verify for the unit (with its hardening), nginx -t for the TLS reverse proxy.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const L = require('./lib');
const { test, assert } = L;

const DEPLOY = path.join(L.ROOT, 'deploy');

test('deploy/gongzhi.service passes systemd-analyze verify and keeps its hardening', async () => {
  const dir = L.tmpDir();
  const unit = fs.readFileSync(path.join(DEPLOY, 'gongzhi.service'), 'utf8');
  for (const line of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'PrivateTmp=yes', 'User=gongzhi',
    'CapabilityBoundingSet=', 'EnvironmentFile=-/etc/gongzhi/secrets.env']) {
    assert.ok(unit.split('\n').includes(line), `the unit lacks ${line}`);
  }
  // verify checks that ExecStart's binary exists: point it at the one under test
  const file = path.join(dir, 'gongzhi.service');
  fs.writeFileSync(file, unit.replaceAll('/usr/local/bin/gongzhi', path.resolve(L.GZ_BIN)));
  const res = L.run('systemd-analyze', ['verify', file]);
  assert.strictEqual(res.status, 0, res.stderr);
  assert.strictEqual(res.stderr.trim(), '');
});

test('deploy/nginx.conf passes nginx -t, overwrites X-Forwarded-For and keeps /metrics local', async () => {
  const dir = L.tmpDir();
  const conf = fs.readFileSync(path.join(DEPLOY, 'nginx.conf'), 'utf8');
  assert.match(conf, /proxy_set_header X-Forwarded-For \$remote_addr;/);
  assert.doesNotMatch(conf, /\$proxy_add_x_forwarded_for/);
  assert.match(conf, /location = \/metrics \{\s*allow 127\.0\.0\.1;\s*deny all;/);
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  L.mustRun('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=gongzhi.test',
    '-keyout', key, '-out', cert]);
  const site = path.join(dir, 'gongzhi.conf');
  fs.writeFileSync(site, conf.replace('/etc/ssl/gongzhi/fullchain.pem', cert).replace('/etc/ssl/gongzhi/privkey.pem', key));
  const main = path.join(dir, 'nginx.conf');
  fs.writeFileSync(main, `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\n` +
    `http {\n  access_log off;\n  client_body_temp_path ${dir};\n  proxy_temp_path ${dir};\n  include ${site};\n}\n`);
  const res = L.run('nginx', ['-t', '-q', '-p', dir, '-c', main]);
  assert.strictEqual(res.status, 0, res.stderr);
});
