const cloud = require('wx-server-sdk');
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();

// event.add: record one tap for the caller first. Answers the caller's number of taps.
exports.main = async (event) => {
  const { OPENID } = cloud.getWXContext();
  const taps = db.collection('taps');
  if (event.add) {
    await taps.add({ data: { _openid: OPENID, at: db.serverDate() } });
  }
  const { total } = await taps.where({ _openid: OPENID }).count();
  return { count: total };
};
