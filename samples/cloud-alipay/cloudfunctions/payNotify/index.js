const cloud = require('@alipay/faas-server-sdk')
cloud.init()
const db = cloud.database()
const _ = db.command

// Called with Alipay's asynchronous notification once the trade is paid.
exports.main = async (event) => {
  if (event.trade_status !== 'TRADE_SUCCESS') return 'success'
  const receipt = `收据\n订单 ${event.out_trade_no}\n金额 ${event.total_amount} 元\n交易 ${event.trade_no}`
  const { fileID } = await cloud.uploadFile({ cloudPath: `receipts/${event.out_trade_no}.txt`, fileContent: Buffer.from(receipt) })
  await db.collection('orders').doc(event.out_trade_no).update({
    data: { status: 'paid', paidAt: db.serverDate(), tradeNo: event.trade_no, receipt: fileID, notified: _.inc(1) },
  })
  return 'success'
}
