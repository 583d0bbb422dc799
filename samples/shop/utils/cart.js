// The cart lives in storage under one key as a list of {id, qty}.
import { findProduct } from './catalog';

const KEY = 'cart';

export function loadCart() {
  const res = my.getStorageSync({ key: KEY });
  return (res && Array.isArray(res.data)) ? res.data : [];
}

export function saveCart(lines) {
  my.setStorageSync({ key: KEY, data: lines });
}

export function addToCart(id, qty = 1) {
  const lines = loadCart();
  const line = lines.find((l) => l.id === id);
  if (line) line.qty += qty;
  else lines.push({ id, qty });
  saveCart(lines);
  return lines;
}

export function setQty(id, qty) {
  const lines = loadCart()
    .map((l) => (l.id === id ? { id, qty } : l))
    .filter((l) => l.qty > 0);
  saveCart(lines);
  return lines;
}

export function clearCart() {
  my.removeStorageSync({ key: KEY });
}

export function countItems(lines) {
  return lines.reduce((n, l) => n + l.qty, 0);
}

// Cart lines joined with their products, for display.
export function cartView(lines) {
  const items = lines
    .map((l) => ({ ...findProduct(l.id), qty: l.qty }))
    .filter((item) => item.id);
  const total = items.reduce((sum, item) => sum + item.price * item.qty, 0);
  return { items, total, count: countItems(lines) };
}

export default { loadCart, saveCart, addToCart, setQty, clearCart, countItems, cartView };
