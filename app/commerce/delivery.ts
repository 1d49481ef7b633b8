import { z } from "zod";

// Where an order goes, in the Chinese order of an address (province, city, district, then the
// street and number), with the recipient's name and phone. Collected on the checkout page: Stripe
// Checkout's shipping address and phone for real payments, the same fields on the sandbox page.

const line = (max: number, message: string) => z.string().trim().min(1, message).max(max, message);

export const deliverySchema = z.object({
  name: line(40, "shop.delivery.errors.name"),
  // A mainland mobile (11 digits from 1) or a landline with its area code; spaces and dashes allowed.
  phone: z
    .string()
    .trim()
    .max(20, "shop.delivery.errors.phone")
    .transform((value) => value.replace(/[\s-]/g, ""))
    .pipe(z.string().regex(/^(\+?86)?(1\d{10}|0\d{9,11})$/, "shop.delivery.errors.phone")),
  province: line(20, "shop.delivery.errors.province"),
  city: line(30, "shop.delivery.errors.city"),
  district: z.string().trim().max(30, "shop.delivery.errors.district").default(""),
  address: line(120, "shop.delivery.errors.address"),
  postcode: z
    .string()
    .trim()
    .regex(/^(\d{6})?$/, "shop.delivery.errors.postcode")
    .default(""),
});

export type Delivery = z.output<typeof deliverySchema>;

/** The address on one line, as a Chinese parcel label writes it: 四川省绵阳市平武县 关坝村 3 号. */
export function deliveryLine(delivery: Delivery): string {
  return `${delivery.province}${delivery.city}${delivery.district} ${delivery.address}${delivery.postcode ? ` (${delivery.postcode})` : ""}`;
}

/** Stripe Checkout's collected shipping details and phone, in our shape (null when incomplete). */
export function fromStripe(shipping: StripeShipping | null | undefined, phone: string | null | undefined): Delivery | null {
  if (!shipping?.address || !shipping.name) return null;
  const parsed = deliverySchema.safeParse({
    name: shipping.name,
    phone: phone ?? "",
    province: shipping.address.state ?? "",
    city: shipping.address.city ?? "",
    // Our district and street go as line1 and line2; an address with one line is all street.
    district: shipping.address.line2 ? (shipping.address.line1 ?? "") : "",
    address: shipping.address.line2 || shipping.address.line1 || "",
    postcode: shipping.address.postal_code ?? "",
  });
  return parsed.success ? parsed.data : null;
}

/** Ours in Stripe's shape (the sandbox hands it over the way Stripe would). */
export function toStripe(delivery: Delivery): { shipping: StripeShipping; phone: string } {
  return {
    shipping: {
      name: delivery.name,
      address: { country: "CN", state: delivery.province, city: delivery.city, line1: delivery.district, line2: delivery.address, postal_code: delivery.postcode || null },
    },
    phone: delivery.phone,
  };
}

export type StripeShipping = {
  name?: string | null;
  address?: { country?: string | null; state?: string | null; city?: string | null; line1?: string | null; line2?: string | null; postal_code?: string | null } | null;
};
