import { formatFen } from "~/utils/formats";
import type { NotificationParams } from "./kinds";

/**
 * The values a notification's message is filled with, in a language: the page and the mail both
 * use this, so they say the same. `t` looks up the project's unit (feed.units.*).
 */
export function messageValues(params: NotificationParams, lng: "zh" | "en", t: (key: string, values: Record<string, unknown>) => string) {
  return {
    ...params,
    name: params.actor ?? "",
    project: params.project ? params.project[lng] : "",
    count: params.units ?? 0,
    order: params.orderName ? params.orderName[lng] : "",
    amount: params.amountFen ? formatFen(params.amountFen, lng) : "",
    unit: params.projectKind ? t(`feed.units.${params.projectKind}`, { count: params.units ?? 0 }) : "",
  };
}
