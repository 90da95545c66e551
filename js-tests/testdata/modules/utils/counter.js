var loads = (global.counterLoads = (global.counterLoads || 0) + 1);
var count = 0;
exports.next = function () { return ++count; };
exports.loads = loads;
