function explode() {
  throw new Error('boom')
}
console.log('before')
explode()
