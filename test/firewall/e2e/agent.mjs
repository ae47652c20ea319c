// A tiny TCP/UDP listener and prober for the gateway tests, run inside a network namespace with
// `ip netns exec NS node agent.mjs listen|probe|flood JSON`.
//
//   listen [{address, port, proto}]   binds every entry (one socket per address, so an answer
//                                     always leaves from the address that was asked), prints
//                                     "ready", and answers each connection or datagram with
//                                     "local=<address> port=<port> peer=<address>".
//   probe  [{proto, host, port, bind?}]  tries them all at once, each bounded by a 1 s timeout,
//                                     and prints one JSON array: {ok: true, reply} or {ok: false, error}.
//   flood  {host, port, count}        sends `count` UDP datagrams to host:port as fast as it can
//                                     and prints the seconds it took, for the lookup benchmark.
import net from 'node:net';
import dgram from 'node:dgram';

const TIMEOUT_MS = 1000;

const [mode, json] = process.argv.slice(2);
const entries = JSON.parse(json ?? '[]');

/** A v4 peer on a dual-stack socket shows up as ::ffff:a.b.c.d. */
function plain(address) {
  return String(address).replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}

function answer(local, port, peer) {
  return `local=${plain(local)} port=${port} peer=${plain(peer)}\n`;
}

async function listen() {
  const bound = entries.map(
    ({ address, port, proto }) =>
      new Promise((resolve, reject) => {
        if (proto === 'tcp') {
          const server = net.createServer((socket) => socket.end(answer(address === '0.0.0.0' ? socket.localAddress : address, port, socket.remoteAddress)));
          server.once('error', reject);
          server.listen({ host: address, port, exclusive: true }, resolve);
        } else {
          const socket = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
          socket.on('message', (_message, peer) => socket.send(answer(address, port, peer.address), peer.port, peer.address));
          socket.once('error', reject);
          socket.bind(port, address, resolve);
        }
      }),
  );
  await Promise.all(bound);
  process.stdout.write('ready\n');
}

function probeTcp({ host, port, bind }) {
  return new Promise((resolve) => {
    let reply = '';
    let settled = false;
    const done = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const socket = net.connect({ host, port, ...(bind ? { localAddress: bind } : {}) });
    const timer = setTimeout(() => done({ ok: false, error: 'timeout' }), TIMEOUT_MS);
    socket.on('data', (chunk) => (reply += chunk));
    socket.on('end', () => done(reply ? { ok: true, reply: reply.trim() } : { ok: false, error: 'closed without answer' }));
    socket.on('error', (error) => done({ ok: false, error: error.code ?? String(error) }));
  });
}

function probeUdp({ host, port, bind }) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    let settled = false;
    const done = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      resolve(result);
    };
    const timer = setTimeout(() => done({ ok: false, error: 'timeout' }), TIMEOUT_MS);
    socket.on('message', (message) => done({ ok: true, reply: String(message).trim() }));
    socket.on('error', (error) => done({ ok: false, error: error.code ?? String(error) }));
    socket.bind(0, bind, () => socket.send('probe', port, host));
  });
}

async function probe() {
  const results = await Promise.all(entries.map((entry) => (entry.proto === 'tcp' ? probeTcp(entry) : probeUdp(entry))));
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

/** Sends in bursts, each waiting for the previous one to leave, so the socket buffer never overflows. */
async function flood() {
  const { host, port, count } = entries;
  const socket = dgram.createSocket('udp4');
  const payload = Buffer.from('x');
  const burst = 1000;
  const started = process.hrtime.bigint();
  for (let sent = 0; sent < count; sent += burst) {
    const n = Math.min(burst, count - sent);
    await new Promise((resolve, reject) => {
      let left = n;
      for (let i = 0; i < n; i++) socket.send(payload, port, host, (error) => (error ? reject(error) : --left === 0 && resolve()));
    });
  }
  process.stdout.write(`${Number(process.hrtime.bigint() - started) / 1e9}\n`);
  socket.close();
}

if (mode === 'listen') {
  listen().catch((error) => {
    process.stderr.write(`listen failed: ${error.stack ?? error}\n`);
    process.exit(1);
  });
} else if (mode === 'probe') {
  probe().then(() => process.exit(0));
} else if (mode === 'flood') {
  flood().catch((error) => {
    process.stderr.write(`flood failed: ${error.stack ?? error}\n`);
    process.exit(1);
  });
} else {
  process.stderr.write('usage: agent.mjs listen|probe|flood JSON\n');
  process.exit(2);
}
