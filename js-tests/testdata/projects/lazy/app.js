require('./utils/log')('app.js evaluated'); App({ onLaunch() { require('./utils/log')('App.onLaunch') } })
