App({
  onLaunch(options) {
    // 'wxrun run --instances N' tells each instance which one it is: wxrun_instance (1 to
    // N, unique across --shard runs), wxrun_instances (N) and wxrun_iteration.
    this.user = "user-" + (options.query.wxrun_instance || "1")
  }
})
