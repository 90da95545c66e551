Page({ onLoad(q) { global.log.push('index.onLoad ' + JSON.stringify(q)) } })
