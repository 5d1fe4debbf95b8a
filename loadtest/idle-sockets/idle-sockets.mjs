// Opens N authenticated, idle WebSockets to one node and holds them until killed.
//   node idle-sockets.mjs http://127.0.0.1:8080 PASSWORD N
// Prints how many are open and answer a ping; the caller measures the node (heap, RSS).
import WebSocket from 'ws';

const [base, password, countArg] = process.argv.slice(2);
const count = Number(countArg || 1000);
const login = await fetch(`${base}/api/v1/login`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'admin', password }),
});
const { token } = await login.json();
const url = base.replace(/^http/, 'ws') + '/api/v1/ws';
let open = 0, pongs = 0, failed = 0;
const sockets = [];
async function openOne() {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
    ws.on('open', () => { open++; ws.send('{"type":"ping"}'); });
    ws.on('message', (m) => { if (String(m).includes('pong')) { pongs++; resolve(); } });
    ws.on('error', () => { failed++; resolve(); });
    ws.on('close', () => resolve());
    sockets.push(ws);
  });
}
for (let i = 0; i < count; i += 200) {
  await Promise.all(Array.from({ length: Math.min(200, count - i) }, openOne));
}
console.log(JSON.stringify({ requested: count, open, pongs, failed }));
setInterval(() => {}, 1 << 30);
