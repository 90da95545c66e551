// Replaced in tests with jest.mock: nothing listens here.
module.exports = { feedURL: 'ws://127.0.0.1:1/feed', apiURL: 'http://127.0.0.1:1' }
