const cloud = require('@alipay/faas-server-sdk')
cloud.init()

exports.main = async () => {
  const { openId, userId, appId } = cloud.getContext()
  return { openid: openId, userId, appId }
}
