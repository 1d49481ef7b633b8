import type { z, ZodTypeAny } from "zod";
import { describe, expect, it } from "vitest";
import { endpoints } from "~/api/endpoints.server";
import * as authOperations from "~/auth/operations.server";
import { loginSchema, signupSchema } from "~/auth/schemas";
import * as commerceOperations from "~/commerce/operations.server";
import * as orderOperations from "~/commerce/order-operations.server";
import { productSchema } from "~/commerce/product-form";
import * as energyOperations from "~/energy/operations.server";
import * as evidenceOperations from "~/evidence/operations.server";
import * as ledgerOperations from "~/ledger/operations.server";
import * as notificationOperations from "~/notifications/operations.server";
import * as payoutOperations from "~/payouts/operations.server";
import * as projectOperations from "~/projects/operations.server";
import * as redemptionOperations from "~/redemption/operations.server";
import * as giftOperations from "~/redemption/gift-operations.server";
import type { Operation } from "~/utils/operation.server";

// Every text a person or a program can send is bounded: an unbounded field let a 10,000-character
// head of household into the registry (issue #17). Walks every declared input and lists the
// string fields with no maximum length (a list of values, an enum, bounds itself).

function unbounded(schema: ZodTypeAny, path: string): string[] {
  const def = schema._def as { typeName: string; [key: string]: unknown };
  switch (def.typeName) {
    case "ZodString": {
      const checks = (def.checks as { kind: string }[]) ?? [];
      return checks.some((check) => check.kind === "max" || check.kind === "length") ? [] : [path];
    }
    case "ZodObject":
      return Object.entries((schema as z.AnyZodObject).shape).flatMap(([key, value]) => unbounded(value as ZodTypeAny, path ? `${path}.${key}` : key));
    case "ZodOptional":
    case "ZodNullable":
    case "ZodDefault":
    case "ZodReadonly":
      return unbounded(def.innerType as ZodTypeAny, path);
    case "ZodEffects":
      return unbounded(def.schema as ZodTypeAny, path);
    case "ZodPipeline":
      return unbounded(def.in as ZodTypeAny, path);
    case "ZodArray":
      return unbounded(def.type as ZodTypeAny, `${path}[]`);
    case "ZodUnion":
    case "ZodDiscriminatedUnion":
      return (def.options as ZodTypeAny[]).flatMap((option) => unbounded(option, path));
    default:
      return [];
  }
}

describe("input limits", () => {
  it("bound every text field of every operation and form", () => {
    const operations = [
      ...Object.values(authOperations),
      ...Object.values(commerceOperations),
      ...Object.values(orderOperations),
      ...Object.values(energyOperations),
      ...Object.values(evidenceOperations),
      ...Object.values(ledgerOperations),
      ...Object.values(notificationOperations),
      ...Object.values(payoutOperations),
      ...Object.values(projectOperations),
      ...Object.values(redemptionOperations),
      ...Object.values(giftOperations),
    ] as Operation[];
    const forms: [string, ZodTypeAny][] = [
      ["signup", signupSchema],
      ["login", loginSchema],
      ["product", productSchema],
      ...operations.map((op): [string, ZodTypeAny] => [op.name, op.input]),
    ];
    // The API's own declarations: bodies, path parameters, queries.
    for (const endpoint of Object.values(endpoints) as { operationId: string; body?: ZodTypeAny; params?: ZodTypeAny; query?: ZodTypeAny }[]) {
      for (const part of ["body", "params", "query"] as const) {
        const schema = endpoint[part];
        if (schema) forms.push([`${endpoint.operationId} ${part}`, schema]);
      }
    }
    expect(forms.flatMap(([name, schema]) => unbounded(schema, "").map((field) => `${name}: ${field}`))).toEqual([]);
  });
});
