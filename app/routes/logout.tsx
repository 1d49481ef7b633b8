import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { logout } from "~/auth/session.server";

export const loader = () => redirect("/");

export const action = ({ request }: ActionFunctionArgs) => logout(request);
