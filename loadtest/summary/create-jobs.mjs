// Creates N pending jobs on one node, 64 requests in flight: node create-jobs.mjs URL PASSWORD N
const [base, password, countArg] = process.argv.slice(2);
const count = Number(countArg);
const login = await fetch(`${base}/api/v1/login`, {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'admin', password }),
});
const { token } = await login.json();
let next = 0, failed = 0;
async function lane() {
  while (next < count) {
    const i = next++;
    const r = await fetch(`${base}/api/v1/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: `bench.name${i % 50}` }),
    });
    if (r.status !== 201) failed++;
    await r.arrayBuffer();
  }
}
const t0 = Date.now();
await Promise.all(Array.from({ length: 64 }, lane));
console.log(JSON.stringify({ created: count - failed, failed, seconds: (Date.now() - t0) / 1000 }));
