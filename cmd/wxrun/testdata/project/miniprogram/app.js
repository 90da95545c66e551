App({
  onLaunch() {
    console.log('launched ' + typeof getApp())
  }
})
