// smtp_sink.js: a tiny SMTP server on loopback for the tests (no packages): it answers EHLO,
// AUTH PLAIN/LOGIN (any login; the last one is kept), MAIL FROM, RCPT TO and DATA, and keeps
// each message with its envelope, the decoded subject and the decoded text body.
'use strict';

const net = require('net');

function decodeMessage(raw) {
  const sep = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, sep);
  const bodyText = raw.slice(sep + 4);
  const headers = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const subject = (headers.subject || '').replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b) => Buffer.from(b, 'base64').toString('utf8'));
  const body = /base64/i.test(headers['content-transfer-encoding'] || '')
    ? Buffer.from(bodyText.replace(/\s+/g, ''), 'base64').toString('utf8')
    : bodyText;
  return { headers, subject, body };
}

async function smtpSink({ reject = null } = {}) {
  const got = [];
  const logins = [];
  const server = net.createServer((sock) => {
    sock.setEncoding('latin1');
    let buf = '';
    let inData = false;
    let env = { from: null, to: [] };
    let authStep = null;
    const say = (s) => sock.write(s + '\r\n');
    say('220 sink ESMTP');
    sock.on('data', (chunk) => {
      buf += chunk;
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const raw = Buffer.from(buf.slice(0, end), 'latin1').toString('utf8').replace(/\r\n\.\./g, '\r\n.');
          buf = buf.slice(end + 5);
          inData = false;
          got.push({ ...env, raw, ...decodeMessage(raw) });
          env = { from: null, to: [] };
          say('250 OK queued');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        if (authStep === 'plain') { logins.push(Buffer.from(line, 'base64').toString().split('\0')[1]); authStep = null; say('235 OK'); continue; }
        if (authStep === 'user') { logins.push(Buffer.from(line, 'base64').toString()); authStep = 'pass'; say('334 UGFzc3dvcmQ6'); continue; }
        if (authStep === 'pass') { authStep = null; say('235 OK'); continue; }
        const cmd = line.slice(0, 4).toUpperCase();
        if (cmd === 'EHLO') { sock.write('250-sink\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n'); }
        else if (cmd === 'HELO') say('250 sink');
        else if (cmd === 'AUTH') {
          const parts = line.split(' ');
          if (/PLAIN/i.test(parts[1]) && parts[2]) { logins.push(Buffer.from(parts[2], 'base64').toString().split('\0')[1]); say('235 OK'); }
          else if (/PLAIN/i.test(parts[1])) { authStep = 'plain'; say('334 '); }
          else if (/LOGIN/i.test(parts[1])) { authStep = 'user'; say('334 VXNlcm5hbWU6'); }
          else say('504 no');
        } else if (cmd === 'MAIL') { env.from = (line.match(/<([^>]*)>/) || [])[1]; say('250 OK'); }
        else if (cmd === 'RCPT') {
          const to = (line.match(/<([^>]*)>/) || [])[1];
          if (reject && reject(to)) say('451 try later'); else { env.to.push(to); say('250 OK'); }
        } else if (cmd === 'DATA') { inData = true; say('354 go on'); }
        else if (cmd === 'RSET') { env = { from: null, to: [] }; say('250 OK'); }
        else if (cmd === 'QUIT') { say('221 bye'); sock.end(); }
        else if (cmd === 'NOOP') say('250 OK');
        else say('502 unknown');
      }
    });
    sock.on('error', () => {});
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const port = server.address().port;
  return { got, logins, port, url: `smtp://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(ok)) };
}

module.exports = { smtpSink };
