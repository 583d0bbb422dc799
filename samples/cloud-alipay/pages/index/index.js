// The whole loop: function → trade → cashier → payment notification → database → storage.
const app = getApp()

Page({
  data: { openid: '', item: { name: '龙井 50g', price: '12.00' }, orders: [], status: '', busy: false, receipt: '' },

  async onLoad() {
    const cloud = app.cloud || my.cloud.createCloudContext({ env: 'tea-shop' })
    this.cloud = cloud
    try {
      const { result } = await cloud.callFunction({ name: 'login' })
      this.setData({ openid: result.openid })
      await this.loadOrders()
    } catch (err) {
      this.setData({ status: '登录失败: ' + (err.errorMessage || err) })
    }
  },

  async loadOrders() {
    const db = this.cloud.database()
    const res = await db.collection('orders').where({ _openid: this.data.openid })
      .orderBy('createdAt', 'desc').get()
    this.setData({ orders: res.data })
  },

  async buy() {
    this.setData({ busy: true, status: '下单中…' })
    try {
      const { result } = await this.cloud.callFunction({
        name: 'createOrder', data: { item: this.data.item.name, amount: this.data.item.price },
      })
      const pay = await my.tradePay({ tradeNO: result.tradeNo })
      this.setData({ status: pay.resultCode === '9000' ? '支付成功' : '支付未完成: ' + pay.resultCode })
    } catch (err) {
      this.setData({ status: '下单失败: ' + (err.errorMessage || err) })
    }
    await this.loadOrders()
    this.setData({ busy: false })
  },

  async showReceipt(e) {
    const { tempFilePath } = await this.cloud.downloadFile({ fileID: e.currentTarget.dataset.file })
    const res = my.getFileSystemManager().readFileSync(tempFilePath, 'utf8')
    this.setData({ receipt: res.data })
  },
})
