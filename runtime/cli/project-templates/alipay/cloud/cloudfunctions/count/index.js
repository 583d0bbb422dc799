const cloud = require('@alipay/faas-server-sdk');
cloud.init();
const db = cloud.database();

// event.add: record one tap for the caller first. Answers the caller's number of taps.
exports.main = async (event) => {
  const { openId } = cloud.getContext();
  const taps = db.collection('taps');
  if (event.add) {
    await taps.add({ data: { _openid: openId, at: db.serverDate() } });
  }
  const { total } = await taps.where({ _openid: openId }).count();
  return { count: total };
};
