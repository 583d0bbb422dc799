// The shop's products. A real shop would fetch these with my.request; prices are in cents.
export const SHOP_ID = 'starshop-001';

export const PRODUCTS = [
  { id: 1, name: 'Longjing green tea', price: 6800, image: '/images/products/tea.svg',
    desc: 'Spring-picked tea leaves from the hills west of the lake.' },
  { id: 2, name: 'Celadon mug', price: 4500, image: '/images/products/mug.svg',
    desc: 'A hand-glazed mug that keeps the tea warm.' },
  { id: 3, name: 'Silk notebook', price: 3200, image: '/images/products/notebook.svg',
    desc: 'Ninety-six pages bound in silk.' },
  { id: 4, name: 'Oil-paper umbrella', price: 12800, image: '/images/products/umbrella.svg',
    desc: 'Bamboo ribs and tung-oiled paper, made to order.' },
  { id: 5, name: 'Folding fan', price: 2600, image: '/images/products/fan.svg',
    desc: 'Sandalwood fan with a painted landscape.' },
  { id: 6, name: 'Paper lantern', price: 1900, image: '/images/products/lantern.svg',
    desc: 'Lights the way home on festival nights.' },
];

export function findProduct(id) {
  return PRODUCTS.find((p) => p.id === Number(id)) || null;
}

export default { SHOP_ID, PRODUCTS, findProduct };
