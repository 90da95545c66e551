// A reconnect policy of the kind mini program socket code has: doubling delays, capped.
function createReconnector(connect, { base = 1000, max = 8000 } = {}) {
  let attempt = 0;
  let timer = null;
  return {
    failed() {
      const delay = Math.min(base * 2 ** attempt, max);
      attempt++;
      timer = setTimeout(() => { timer = null; connect(attempt); }, delay);
      return delay;
    },
    succeeded() { attempt = 0; },
    cancel() { if (timer) clearTimeout(timer); timer = null; },
    get pending() { return timer !== null; },
  };
}
module.exports = { createReconnector };
