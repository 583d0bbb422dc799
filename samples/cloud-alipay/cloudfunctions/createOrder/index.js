const cloud = require('@alipay/faas-server-sdk')
cloud.init()
const db = cloud.database()

exports.main = async (event) => {
  const { openId, userId } = cloud.getContext()
  if (!event.item || !(Number(event.amount) > 0)) throw new Error('item and amount are required')
  const { _id } = await db.collection('orders').add({
    data: { _openid: openId, item: event.item, amount: event.amount, status: 'created', createdAt: db.serverDate() },
  })
  const trade = await cloud.openapi.invoke('alipay.trade.create', {
    out_trade_no: _id, total_amount: event.amount, subject: event.item, buyer_id: userId,
    notify_function: 'payNotify',
  })
  console.log('order', _id, 'trade', trade.trade_no)
  return { orderId: _id, tradeNo: trade.trade_no }
}
