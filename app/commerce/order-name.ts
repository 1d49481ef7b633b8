type Line = { quantity: number; product: { nameZh: string; nameEn: string } };

/** An order named by what is in it ("Wild honey × 2", "Wild honey and 2 more"), in both languages. */
export function orderName(lines: Line[]): { zh: string; en: string } {
  const [first] = lines;
  if (!first) return { zh: "订单", en: "Order" };
  if (lines.length === 1) return { zh: `${first.product.nameZh} × ${first.quantity}`, en: `${first.product.nameEn} × ${first.quantity}` };
  return { zh: `${first.product.nameZh}等 ${lines.length} 种商品`, en: `${first.product.nameEn} and ${lines.length - 1} more` };
}
