// Minimal stand-in for jest-util: only what expect and jest-mock use.
exports.isPromise = function (candidate) {
  return candidate != null && (typeof candidate === 'object' || typeof candidate === 'function') && typeof candidate.then === 'function';
};
exports.pluralize = function (word, count) {
  return (count === 1 ? 'one' : String(count)) + ' ' + word + (count === 1 ? '' : 's');
};
