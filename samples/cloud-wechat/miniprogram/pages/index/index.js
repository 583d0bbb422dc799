// The whole loop: function → trade → cashier → payment notification → database → storage.
Page({
  data: { openid: '', item: { name: '龙井 50g', price: '12.00', fee: 1200 }, orders: [], status: '', busy: false, receipt: '' },

  onLoad() {
    wx.cloud.callFunction({ name: 'login' }).then(res => {
      this.setData({ openid: res.result.openid })
      return this.loadOrders()
    }).catch(err => this.setData({ status: '登录失败: ' + err.errMsg }))
  },

  loadOrders() {
    const db = wx.cloud.database()
    return db.collection('orders').where({ _openid: this.data.openid })
      .orderBy('createdAt', 'desc').get()
      .then(res => this.setData({ orders: res.data }))
  },

  async buy() {
    this.setData({ busy: true, status: '下单中…' })
    try {
      const { result } = await wx.cloud.callFunction({
        name: 'createOrder', data: { item: this.data.item.name, fee: this.data.item.fee },
      })
      await wx.requestPayment(result.payment)
      this.setData({ status: '支付成功' })
    } catch (err) {
      this.setData({ status: '支付未完成: ' + (err.errMsg || err) })
    }
    await this.loadOrders()
    this.setData({ busy: false })
  },

  async showReceipt(e) {
    const { tempFilePath } = await wx.cloud.downloadFile({ fileID: e.currentTarget.dataset.file })
    const text = wx.getFileSystemManager().readFileSync(tempFilePath, 'utf8')
    this.setData({ receipt: text })
  },
})
