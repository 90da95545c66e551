console.log('never printed')
let x = ;
