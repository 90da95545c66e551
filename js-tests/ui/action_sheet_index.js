// @wxrun action-sheet=2
// WithActionSheetAnswer(2): the third item; past the end of a shorter list, the last.

test('showActionSheet taps the configured item', function () {
  return wx.showActionSheet({ itemList: ['a', 'b', 'c', 'd'] }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'showActionSheet:ok', tapIndex: 2 });
    return wx.showActionSheet({ itemList: ['only'] });
  }).then(function (res) {
    assert.deepEqual(res, { errMsg: 'showActionSheet:ok', tapIndex: 0 });
  });
});
