const cloud = require('wx-server-sdk')
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
const db = cloud.database()

exports.main = async (event) => {
  const { OPENID } = cloud.getWXContext()
  if (!event.item || !(event.fee > 0)) throw new Error('item and fee are required')
  const { _id } = await db.collection('orders').add({
    data: { _openid: OPENID, item: event.item, fee: event.fee, status: 'created', createdAt: db.serverDate() },
  })
  const res = await cloud.cloudPay.unifiedOrder({
    body: event.item, outTradeNo: _id, totalFee: event.fee, functionName: 'payNotify',
  })
  console.log('order', _id, 'created for', OPENID)
  return { orderId: _id, payment: res.payment }
}
