import { z } from "zod";
import { parseYuan } from "~/money/yuan";

// The operator's product form. Messages are i18n keys; prices are typed in yuan and kept in fen.

const required = "productForm.errors.required";
const text = (max: number) => z.string({ required_error: required }).trim().min(1, required).max(max, "productForm.errors.tooLong");
const yuan = z
  .string({ required_error: required })
  .max(20, "productForm.errors.yuan")
  .transform((value, ctx) => {
    const fen = parseYuan(value);
    if (fen !== null) return fen;
    // Fatal: the checks that compare amounts must not run on a price that is not one.
    ctx.addIssue({ code: "custom", message: "productForm.errors.yuan", fatal: true });
    return z.NEVER;
  });
const wallTime = z
  .string()
  .max(16, "productForm.errors.time")
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "productForm.errors.time")
  .optional();

export const productSchema = z
  .object({
    projectId: z.string({ required_error: required }).min(1, required).max(64, required),
    cooperativeId: z.string().max(64, required).optional(),
    slug: z.string({ required_error: required }).trim().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "productForm.errors.slug").max(60, "productForm.errors.slug"),
    nameZh: text(100),
    nameEn: text(100),
    descriptionZh: z.string().trim().max(2000, "productForm.errors.tooLong").default(""),
    descriptionEn: z.string().trim().max(2000, "productForm.errors.tooLong").default(""),
    unitZh: text(40),
    unitEn: text(40),
    price: yuan,
    unitCost: yuan,
    // New stock to add (or take away, negative) on top of what is left.
    stockChange: z.coerce.number({ invalid_type_error: "productForm.errors.stock" }).int("productForm.errors.stock").min(-1_000_000).max(1_000_000).default(0),
    saleStartsAt: wallTime,
    saleEndsAt: wallTime,
  })
  .superRefine((value, ctx) => {
    if (value.price <= 0n) ctx.addIssue({ code: "custom", path: ["price"], message: "productForm.errors.yuan" });
    if (value.unitCost > value.price) ctx.addIssue({ code: "custom", path: ["unitCost"], message: "productForm.errors.costOverPrice" });
    if (value.saleStartsAt && value.saleEndsAt && value.saleEndsAt <= value.saleStartsAt) {
      ctx.addIssue({ code: "custom", path: ["saleEndsAt"], message: "productForm.errors.window" });
    }
  });

export type ProductInput = z.infer<typeof productSchema>;
