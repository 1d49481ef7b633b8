import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getUser } from "~/auth/session.server";
import { balanceOf } from "~/energy/forest.server";
import { i18nServer } from "~/i18n/i18next.server";
import { listCatalogue } from "~/projects/catalogue.server";
import { handleApi, methodNotAllowed } from "~/utils/api.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  handleApi(request, async () => {
    const [user, locale] = await Promise.all([getUser(request), i18nServer.getLocale(request)]);
    const balance = await balanceOf(user);
    const projects = await listCatalogue(locale, balance);
    return json(
      projects.map(({ id, slug, kind, name, unitCostGrams, capacity, remaining, state, energyLack }) => ({
        id,
        slug,
        kind,
        name,
        unitCostGrams,
        capacity,
        remaining,
        state,
        ...(user ? { energyLack } : {}),
      })),
    );
  });

export const action = () => methodNotAllowed(["GET"]);
