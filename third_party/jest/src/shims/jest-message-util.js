// Minimal stand-in for jest-message-util: the two functions expect's toThrow uses.
exports.separateMessageFromStack = function (content) {
  if (!content) return { message: '', stack: '' };
  var m = content.match(/^(?:Error: )?([\s\S]*?(?=\n\s*at\s.*:\d*:\d*)|\s*.*)([\s\S]*)$/);
  if (!m) return { message: content, stack: '' };
  return { message: m[1], stack: m[2] };
};
exports.formatStackTrace = function (stack) {
  return stack.split('\n').filter(function (l) { return /^\s*at /.test(l); }).map(function (l) { return '      ' + l.trim(); }).join('\n');
};
