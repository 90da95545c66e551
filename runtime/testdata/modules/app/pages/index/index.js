// A page file in the WeChat layout: requires through every supported form.
const helper = require('./helper')
const util = require('../../utils/util.js')
const mqtt = require('mqtt')

exports.id = 'pages/index/index.js'
exports.deps = [helper.id, util.id, mqtt.id]
