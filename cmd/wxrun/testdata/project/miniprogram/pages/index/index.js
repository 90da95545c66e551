// Root-relative require: works only when the root is the miniprogramRoot.
const greet = require('/utils/greet')
console.log(greet('project'))
