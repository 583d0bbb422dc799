const cloud = require('wx-server-sdk')
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
const db = cloud.database()
const _ = db.command

// Called by the payment platform once the trade is paid.
exports.main = async (event) => {
  if (event.resultCode !== 'SUCCESS') return { errcode: 0 }
  const receipt = `收据\n订单 ${event.outTradeNo}\n金额 ${(event.totalFee / 100).toFixed(2)} 元\n交易 ${event.transactionId}`
  const { fileID } = await cloud.uploadFile({ cloudPath: `receipts/${event.outTradeNo}.txt`, fileContent: Buffer.from(receipt) })
  await db.collection('orders').doc(event.outTradeNo).update({
    data: { status: 'paid', paidAt: db.serverDate(), transactionId: event.transactionId, receipt: fileID, notified: _.inc(1) },
  })
  return { errcode: 0, errmsg: '' }
}
