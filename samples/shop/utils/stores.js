// Our physical stores, and the nearest one to a position.
export const STORES = [
  { name: 'West Lake store', latitude: 30.2590, longitude: 120.1490,
    address: '1 Nanshan Rd, Hangzhou' },
  { name: 'Wulin store', latitude: 30.2770, longitude: 120.1650,
    address: '88 Yan\'an Rd, Hangzhou' },
  { name: 'Bund store', latitude: 31.2400, longitude: 121.4900,
    address: '10 Zhongshan East 1st Rd, Shanghai' },
];

// Great-circle distance in km (haversine).
function distanceKm(lat1, lon1, lat2, lon2) {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 6371 * 2 * Math.asin(Math.sqrt(a));
}

// Alipay answers coordinates as strings.
export function nearestStore(latitude, longitude) {
  const lat = parseFloat(latitude);
  const lon = parseFloat(longitude);
  let best = null;
  STORES.forEach((s) => {
    const km = distanceKm(lat, lon, s.latitude, s.longitude);
    if (!best || km < best.km) best = { ...s, km: Math.round(km * 10) / 10 };
  });
  return best;
}

export default { STORES, nearestStore };
